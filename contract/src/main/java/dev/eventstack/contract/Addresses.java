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
  }

  /** Beer taps, served by the db-verticle. Bodies are described in {@link BeerMessages}. */
  public static final class Beers {
    private Beers() {}

    public static final String ADD = "beers.add";
    public static final String LIST = "beers.list";
    public static final String GET = "beers.get";
    public static final String DELETE = "beers.delete";
    public static final String STATS = "beers.stats";
  }

  /** Domain events, published by the db-verticle after a write is committed. */
  public static final class Events {
    private Events() {}

    public static final String TASK_CHANGED = "task.changed";
    public static final String BEER_ADDED = "beer.added";
    public static final String BEER_DELETED = "beer.deleted";
    public static final String BEER_STATS = "beer.stats";
  }

  /**
   * WebSocket hand-over inside one node. The http-verticle accepts the upgrade and registers the
   * socket's outbox on the bus; the ws-verticle then owns what is sent to it. Both are
   * local-only: a socket lives on the node that accepted it. Bodies: {@link SocketMessages}.
   */
  public static final class Sockets {
    private Sockets() {}

    /** Request, local: a socket was opened. Any local ws-verticle instance takes it. */
    public static final String OPENED = "ws.socket.opened";

    /** Publish, local: a socket closed; the instance that holds it forgets it. */
    public static final String CLOSED = "ws.socket.closed";
  }

  /**
   * Status probes: each verticle answers its own with a small JSON object, so a node or a test can
   * see which verticles are reachable anywhere in the cluster.
   */
  public static final class Status {
    private Status() {}

    public static final String DB = "status.db";
    public static final String WS = "status.ws";
    public static final String SCHEDULER = "status.scheduler";

    /**
     * Request, local: the node's view of the cluster, {@code {"node", "members": [ids]}}, answered
     * by the launcher (a single node lists itself).
     */
    public static final String CLUSTER = "status.cluster";
  }
}
