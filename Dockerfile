# eventstack: build the fat jar with Maven, run it on a JRE as a non-root user.
#   docker build -t eventstack .
#   docker run -p 8080:8080 eventstack            # one node, embedded database in /data
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The dependency layer: the poms alone, then every library and plugin the build needs. A change to
# the code reuses this layer; only a change to a pom downloads again.
COPY pom.xml ./
COPY contract/pom.xml contract/
COPY embedded-store/pom.xml embedded-store/
COPY db-verticle/pom.xml db-verticle/
COPY http-verticle/pom.xml http-verticle/
COPY ws-verticle/pom.xml ws-verticle/
COPY scheduler-verticle/pom.xml scheduler-verticle/
COPY launcher/pom.xml launcher/
RUN mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:go-offline \
      -DexcludeGroupIds=dev.eventstack
# Then the sources (.dockerignore keeps data, keys, logs and build output out).
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app eventstack \
 && mkdir -p /app /data /logs \
 && chown eventstack /data /logs
COPY --from=build /src/launcher/target/eventstack.jar /app/eventstack.jar
USER eventstack
WORKDIR /app
VOLUME ["/data", "/logs"]
# 8080: HTTP(S). 5701: Hazelcast, when started with --cluster (the first free port from 5701 up).
EXPOSE 8080 5701
# The server reads $PORT as its --port; the health check asks the same port.
ENV PORT=8080
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Deventstack.logDir=/logs"
# Ready, not merely up: the database answers and, in a cluster, the node sees its members. Plain
# HTTP first, then HTTPS for a node started with --ssl (its certificate is its own: -k).
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/health/ready" \
   || curl -fsSk -o /dev/null "https://127.0.0.1:${PORT}/health/ready" \
   || exit 1
# exec: java is PID 1 and gets SIGTERM from `docker stop`, so the shutdown hook closes cleanly.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/eventstack.jar \"$@\"", "--"]
CMD ["--host", "0.0.0.0", "--data-dir", "/data"]
