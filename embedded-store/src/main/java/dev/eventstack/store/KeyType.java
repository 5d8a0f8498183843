package dev.eventstack.store;

import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * The key of every map the engine keeps: a tuple of BSON values, ordered component by component the
 * way MongoDB orders values ({@link ValueComparator}), each component ascending or descending.
 *
 * <p>Keys are stored as BSON values (a type byte, then the value), never with Java serialization.
 * Search keys may end in {@link #LOW} or {@link #HIGH}, which sort before and after every real
 * value whatever the direction: {@code [type, LOW]} is where the entries of one type begin. They
 * are never stored.
 *
 * <p>The directions are not persisted; the same type must be passed each time a map is opened.
 */
final class KeyType extends BasicDataType<Object[]> {

  /** Sorts before every value at its position; only in search keys. */
  static final Object LOW = new Bound("LOW");

  /** Sorts after every value at its position; only in search keys. */
  static final Object HIGH = new Bound("HIGH");

  private static final ValueComparator VALUES = ValueComparator.asc();

  private final boolean[] descending;

  /** A key of {@code ascending.length} components. */
  KeyType(boolean... ascending) {
    this.descending = new boolean[ascending.length];
    for (int i = 0; i < ascending.length; i++) {
      this.descending[i] = !ascending[i];
    }
  }

  @Override
  public int compare(Object[] a, Object[] b) {
    int shared = Math.min(a.length, b.length);
    for (int i = 0; i < shared; i++) {
      int order = compareComponent(a[i], b[i], i);
      if (order != 0) {
        return order;
      }
    }
    if (a.length == b.length) {
      return 0;
    }
    // A prefix: it sorts first, unless the longer key goes on with LOW ("before all of these").
    Object[] longer = a.length > b.length ? a : b;
    int longerSorts = longer[shared] == LOW ? -1 : 1;
    return a.length > b.length ? longerSorts : -longerSorts;
  }

  private int compareComponent(Object a, Object b, int position) {
    if (a instanceof Bound || b instanceof Bound) {
      return rankOfBound(a) - rankOfBound(b);
    }
    boolean reversed = descending.length > position && descending[position];
    return reversed ? compareValues(b, a) : compareValues(a, b);
  }

  /**
   * MongoDB's order. The common cases (two strings, two longs, two doubles: index keys are
   * normalized, so numbers are mostly doubles) skip {@link ValueComparator}'s type dispatch, which
   * is the top cost of index searches; they give the same result.
   */
  private static int compareValues(Object a, Object b) {
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    if (a instanceof Double x && b instanceof Double y) {
      return Double.compare(x, y);
    }
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    return VALUES.compare(a, b);
  }

  private static int rankOfBound(Object value) {
    if (value == LOW) {
      return -1;
    }
    return value == HIGH ? 1 : 0;
  }

  @Override
  public int getMemory(Object[] key) {
    // An estimate for H2's page cache: object headers plus a typical small value per component.
    return 24 + 32 * key.length;
  }

  /**
   * One scratch buffer per thread that writes pages (the committing thread): a key is encoded into
   * it and copied once into H2's page buffer, rather than into a new buffer per key.
   */
  private static final ThreadLocal<ByteBuf> SCRATCH =
      ThreadLocal.withInitial(() -> Unpooled.buffer(256));

  @Override
  public void write(WriteBuffer buffer, Object[] key) {
    ByteBuf encoded = SCRATCH.get().clear();
    for (Object component : key) {
      if (component instanceof Bound) {
        throw new IllegalArgumentException("search bounds are never stored: " + component);
      }
      byte type = BsonEncoder.determineType(component);
      encoded.writeByte(type);
      BsonEncoder.encodeValue(type, component, encoded);
    }
    buffer.putVarInt(key.length);
    buffer.putVarInt(encoded.readableBytes());
    buffer.put(
        encoded.array(), encoded.arrayOffset() + encoded.readerIndex(), encoded.readableBytes());
  }

  @Override
  public Object[] read(ByteBuffer buffer) {
    int components = DataUtils.readVarInt(buffer);
    int length = DataUtils.readVarInt(buffer);
    byte[] bytes = new byte[length];
    buffer.get(bytes);
    ByteBuf encoded = Unpooled.wrappedBuffer(bytes);
    Object[] key = new Object[components];
    for (int i = 0; i < components; i++) {
      key[i] = BsonDecoder.decodeValue(encoded.readByte(), encoded);
    }
    return key;
  }

  @Override
  public Object[][] createStorage(int size) {
    return new Object[size][];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeyType that && Arrays.equals(descending, that.descending);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(descending);
  }

  private record Bound(String name) {}
}
