package dev.eventstack.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The HS256 key that signs and checks tokens. The server and the {@code token} command find it the
 * same way: {@code $EVENTSTACK_AUTH_KEY} when set (a cluster shares it this way), else the file
 * {@code <data-dir>/auth.key}, written with a random key on first use and readable by its owner
 * only.
 */
final class AuthKey {

  static final String ENV = "EVENTSTACK_AUTH_KEY";
  static final String FILE_NAME = "auth.key";

  /** HS256 wants a key at least as long as its 256-bit hash. */
  static final int MIN_LENGTH = 32;

  private AuthKey() {}

  static String resolve(Map<String, String> env, Path dataDir) {
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      if (fromEnv.trim().length() < MIN_LENGTH) {
        throw new UsageException(ENV + " is too short: use at least " + MIN_LENGTH + " characters");
      }
      return fromEnv.trim();
    }
    try {
      return readOrCreate(dataDir.resolve(FILE_NAME));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the auth key in " + dataDir, e);
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private static String readOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    try {
      Files.createFile(file);
    } catch (FileAlreadyExistsException raced) {
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the file keeps the directory's permissions.
    }
    Files.writeString(file, key + "\n", StandardCharsets.US_ASCII);
    return key;
  }
}
