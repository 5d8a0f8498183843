# eventstack: build the fat jar with Maven, run it on a JRE as a non-root user.
#   docker build -t eventstack .
#   docker run -p 8080:8080 eventstack            # one node, embedded database in /data
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
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
# 8080: HTTP. 5701: Hazelcast, when started with --cluster.
EXPOSE 8080 5701
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Deventstack.logDir=/logs"
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/ || exit 1
# exec: java is PID 1 and gets SIGTERM from `docker stop`, so the shutdown hook closes cleanly.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/eventstack.jar \"$@\"", "--"]
CMD ["--host", "0.0.0.0", "--data-dir", "/data"]
