package dev.eventstack.contract;

/**
 * Every event-bus address of the system, defined once.
 *
 * <p>Request addresses ({@code *.list}, {@code *.get}, …) are point-to-point: exactly one consumer
 * in the cluster answers, with a reply or a {@link BusError} failure. Event addresses are
 * published: every subscriber on every node gets a copy.
 */
public final class Addresses {

  private Addresses() {}

  /** To-do tasks, served by the db-verticle. Bodies are described in {@link TaskMessages}. */
  public static final class Tasks {
    private Tasks() {}

    public static final String LIST = "tasks.list";
    public static final String GET = "tasks.get";
    public static final String CREATE = "tasks.create";
    public static final String REPLACE = "tasks.replace";
    public static final String DELETE = "tasks.delete";

    /**
     * Counts by priority and by completion: {@code {"total","byPriority":{},"byCompletion":{}}}.
     */
    public static final String REPORT = "tasks.report";

    /** Deletes tasks completed before {@code {"before": epochMs}}; replies {@code {"deleted"}}. */
    public static final String PURGE_COMPLETED = "tasks.purge-completed";
  }

  /** Beer taps, served by the db-verticle. Bodies are described in {@link BeerMessages}. */
  public static final class Beers {
    private Beers() {}

    public static final String ADD = "beers.add";

    /** Many beers in one write, for taps that buffer, and for loading data. */
    public static final String ADD_BATCH = "beers.add-batch";

    public static final String LIST = "beers.list";
    public static final String GET = "beers.get";
    public static final String DELETE = "beers.delete";
    public static final String STATS = "beers.stats";

    /** Deletes beers added before {@code {"before": epochMs}}; replies {@code {"deleted"}}. */
    public static final String PURGE = "beers.purge";
  }

  /** Books, served by the db-verticle. Bodies are described in {@link BookMessages}. */
  public static final class Books {
    private Books() {}

    public static final String LIST = "books.list";
    public static final String GET = "books.get";
    public static final String CREATE = "books.create";
    public static final String REPLACE = "books.replace";
    public static final String DELETE = "books.delete";
  }

  /** Seed 000's example resources, served by the db-verticle; see {@link ResourceMessages}. */
  public static final class Resources {
    private Resources() {}

    public static final String LIST = "resources.list";
    public static final String GET = "resources.get";
    public static final String CREATE = "resources.create";
    public static final String PATCH = "resources.patch";
    public static final String DELETE = "resources.delete";
  }

  /**
   * The job queue and the scheduled jobs' run log. The db-verticle serves the queue and the log;
   * the scheduler-verticle serves SCHEDULED and LOCK_HOLD and runs the workers. Bodies are
   * described in {@link JobMessages}.
   */
  public static final class Jobs {
    private Jobs() {}

    public static final String SUBMIT = "jobs.submit";
    public static final String GET = "jobs.get";
    public static final String LIST = "jobs.list";
    public static final String CANCEL = "jobs.cancel";
    public static final String RESULT = "jobs.result";

    /** How many jobs are in each status, for a dashboard: {@code {status: n, …}}. */
    public static final String COUNTS = "jobs.counts";

    /** Worker side: claim the next due job, renew its lease, report how it ended. */
    public static final String CLAIM = "jobs.claim";

    public static final String RENEW = "jobs.renew";
    public static final String FINISH = "jobs.finish";

    /** Puts the jobs whose lease ran out back in the queue (or fails them when out of attempts). */
    public static final String REAP = "jobs.reap";

    /** Publish: a job became due; idle workers wake and claim. */
    public static final String QUEUED = "jobs.queued";

    /** Scheduled jobs: the run log (one row per run) and the list with the next due times. */
    public static final String RECORD_RUN = "jobs.runs.record";

    public static final String LIST_RUNS = "jobs.runs.list";
    public static final String SCHEDULED = "jobs.scheduled";

    /** Takes a named cluster lock for a while: seed 000's {@code /locking/{lockId}}. */
    public static final String LOCK_HOLD = "locks.hold";
  }

  /** Domain events, published by the db-verticle after a write is committed. */
  public static final class Events {
    private Events() {}

    public static final String TASK_CHANGED = "task.changed";
    public static final String BEER_ADDED = "beer.added";
    public static final String BEER_DELETED = "beer.deleted";
    public static final String BEER_STATS = "beer.stats";
    public static final String JOB_CHANGED = "job.changed";
    public static final String BOOK_CHANGED = "book.changed";
  }

  /**
   * WebSocket frames inside one node. The ws-verticle turns each domain event into its frames
   * ({@link SocketEvents}) and publishes each one once, on the local bus, to {@link #frames}; every
   * http-verticle instance that holds sockets of that channel and format consumes it and writes it
   * to them. No socket id and no socket crosses the bus.
   */
  public static final class Sockets {
    private Sockets() {}

    /** Publish, local: the frames of one channel in one format; the body is the frame's text. */
    public static String frames(String channel, String format) {
      return "ws.frames." + channel + "." + format;
    }

    /**
     * Header of a frame that announces a tap's beer: the tap id, as decimal text. The sockets that
     * said they are that tap skip the frame; the others get it.
     */
    public static final String TAP_ID_HEADER = "tapId";
  }

  /**
   * Status probes: each verticle answers its own with a small JSON object, so a node or a test can
   * see which verticles are reachable anywhere in the cluster.
   */
  public static final class Status {
    private Status() {}

    public static final String DB = "status.db";
    public static final String WS = "status.ws";

    /**
     * Request, local: the node's open WebSockets, {@code {"openSockets"}}, answered by any
     * http-verticle instance (they count them together, once per node).
     */
    public static final String SOCKETS = "status.sockets";

    public static final String SCHEDULER = "status.scheduler";

    /**
     * Request, local: the node's view of the cluster, {@code {"node", "members": [ids]}}, answered
     * by the launcher (a single node lists itself).
     */
    public static final String CLUSTER = "status.cluster";
  }

  /**
   * What the TCP and SockJS bridges let through: the contract's public addresses only, never the
   * db-verticle's internal ones. Inbound: adding a beer and the job worker's side of the queue.
   * Outbound: the beer, book and job events and the queue's wake-up notice.
   */
  public static final class Bridge {
    private Bridge() {}

    public static final java.util.List<String> INBOUND =
        java.util.List.of(Beers.ADD, Jobs.CLAIM, Jobs.RENEW, Jobs.FINISH);

    public static final java.util.List<String> OUTBOUND =
        java.util.List.of(
            Events.BEER_ADDED,
            Events.BEER_DELETED,
            Events.BEER_STATS,
            Events.BOOK_CHANGED,
            Events.JOB_CHANGED,
            Jobs.QUEUED);

    /**
     * The outbound feeds that need a token when auth is on, on both bridges as on the sockets
     * ({@link SocketMessages#TOKEN_CHANNELS}): the beers and the jobs. Books stay public.
     */
    public static final java.util.List<String> OUTBOUND_WITH_TOKEN =
        java.util.List.of(
            Events.BEER_ADDED,
            Events.BEER_DELETED,
            Events.BEER_STATS,
            Events.JOB_CHANGED,
            Jobs.QUEUED);
  }
}
