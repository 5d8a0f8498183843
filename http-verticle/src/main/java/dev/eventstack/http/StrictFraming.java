package dev.eventstack.http;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.Http1ServerConfig;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.http1.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Refuses a request that has both {@code Content-Length} and {@code Transfer-Encoding}: RFC 9112
 * §6.1 lets a server take the chunked length, but the two disagree on where the request ends, and
 * that is how requests are smuggled past a proxy that reads the other one. Netty's decoder drops
 * {@code Content-Length} silently, and says so is the hook to override; Vert.x offers no option. So
 * each HTTP/1.x connection gets a decoder that fails such a request instead: it becomes an invalid
 * request, answered 400 and closed by {@link ApiErrors#invalidRequest}.
 *
 * <p>This reaches into Vert.x internals (the connection's Netty pipeline, Vert.x's own decoder);
 * {@code ProtocolFaultsTest} fails if an upgrade breaks it.
 */
final class StrictFraming {

  private static final String DECODER = "httpDecoder";

  private StrictFraming() {}

  /** The server's connection handler: swaps the HTTP/1.x request decoder, before any request. */
  static void install(HttpConnection connection, HttpServerOptions options) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
    if (pipeline.get(DECODER) instanceof VertxHttpRequestDecoder
        && !(pipeline.get(DECODER) instanceof Decoder)) {
      pipeline.replace(DECODER, DECODER, new Decoder(options));
    }
  }

  /** Vert.x's decoder, but for the one case above. */
  static final class Decoder extends VertxHttpRequestDecoder {

    Decoder(HttpServerOptions options) {
      super(
          new Http1ServerConfig()
              .setMaxChunkSize(options.getMaxChunkSize())
              .setMaxInitialLineLength(options.getMaxInitialLineLength())
              .setMaxHeaderSize(options.getMaxHeaderSize())
              .setDecoderInitialBufferSize(options.getDecoderInitialBufferSize()));
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
      throw new AmbiguousLengthException();
    }
  }

  /** The decoder's reason, as the invalid request's cause. */
  static final class AmbiguousLengthException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    AmbiguousLengthException() {
      super("Content-Length and Transfer-Encoding together");
    }
  }
}
