package dev.eventstack.contract;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Bodies of the {@link Addresses.Beers} requests and of the beer events.
 *
 * <ul>
 *   <li>{@code beers.add}: {@code {"tapId", "volume"}} → {@code {"beer"}}
 *   <li>{@code beers.add-batch}: {@code {"beers": [{"tapId", "volume"}, …]}} → {@code {"beers"}},
 *       at most {@link #MAX_BATCH}; all are added, or none
 *   <li>{@code beers.list}: {@code {"page", "page_size", "type"?, "sort"?: "asc"|"desc"}} → {@code
 *       {"beers", "page", "page_size", "total"}}, in id order: ascending (the oldest first) unless
 *       {@code sort} is {@link #SORT_DESC}
 *   <li>{@code beers.get}: {@code {"id"}} → {@code {"beer"}}, or {@link BusError#NOT_FOUND}
 *   <li>{@code beers.delete}: {@code {"id"}} → {@code {"id"}}, or NOT_FOUND
 *   <li>{@code beers.stats}: any body → a stats object (below)
 *   <li>{@code beer.added}: {@code {"beer"}}; {@code beer.deleted}: {@code {"id"}}
 *   <li>{@code beer.stats}, and the stats object: {@code {"total", "taps": {tapId: percent},
 *       "types": {type: count}}}; the taps come in the order each poured its first beer (the order
 *       of their first beers' ids), and each share is {@link #share}
 * </ul>
 *
 * A beer is {@code {"id", "tapId", "volume", "type", "timestamp"}}; ids are integers from 0 up.
 */
public final class BeerMessages {

  private BeerMessages() {}

  public static final String ID = "id";
  public static final String TAP_ID = "tapId";
  public static final String VOLUME = "volume";
  public static final String TYPE = "type";
  public static final String TIMESTAMP = "timestamp";
  public static final String BEER = "beer";
  public static final String BEERS = "beers";
  public static final String PAGE = "page";
  public static final String PAGE_SIZE = "page_size";
  public static final String TOTAL = "total";
  public static final String TAPS = "taps";
  public static final String TYPES = "types";

  /** The order of a page of beers by id: {@link #SORT_ASC} (the default) or {@link #SORT_DESC}. */
  public static final String SORT = "sort";

  public static final String SORT_ASC = "asc";

  /** The newest beers first, for a feed of the latest ones. */
  public static final String SORT_DESC = "desc";

  /** The smallest and largest volume a tap may report, in ml. */
  public static final double MIN_VOLUME = 100;

  public static final double MAX_VOLUME = 1000;

  public static final int MAX_PAGE_SIZE = 1000;

  /** The most beers one {@code beers.add-batch} takes. */
  public static final int MAX_BATCH = 1000;

  /** Statistics are published after every this many beers, besides the periodic broadcast. */
  public static final int STATS_EVERY_N_BEERS = 10;

  /**
   * A tap's share of the beers in percent, rounded to two decimals as seed 003 rounded it: Python's
   * {@code round(count / total * 100, 2)}, which rounds the exact value of the double half to even.
   */
  public static double share(long count, long total) {
    double percent = (double) count / total * 100;
    return new BigDecimal(percent).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
  }

  public static JsonObject add(long tapId, double volume) {
    return new JsonObject().put(TAP_ID, tapId).put(VOLUME, volume);
  }

  public static JsonObject byId(long id) {
    return new JsonObject().put(ID, id);
  }
}
