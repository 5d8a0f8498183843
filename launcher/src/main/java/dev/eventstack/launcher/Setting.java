package dev.eventstack.launcher;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The configuration key an option of {@link NodeOptions} sets, and the environment variable that
 * sets it when the command line does not. The option's default is the key's value in {@code
 * conf/application.json}; {@code --help} and the README's table show it from there.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Setting {

  /** A dotted path into the configuration, such as {@code http.port}. */
  String key();

  /** The environment variable read below the command line, or "" for none. */
  String env() default "";

  /** For a flag: the value it writes is false (e.g. {@code --no-sample-data}). */
  boolean inverted() default false;
}
