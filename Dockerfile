# syntax=docker/dockerfile:1
# Build: the Maven wrapper inside a JDK image; the dependency layer is cached until pom.xml changes.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY application.properties ./
COPY sql sql
COPY src src
RUN ./mvnw -B -q -o package -DskipTests

# Run: a JRE, a non-root user, the jar with its libraries, the settings and the route files.
FROM eclipse-temurin:17-jre
# jemalloc for DuckDB's native allocations, preloaded below as the pipeline script does (README Performance)
RUN apt-get update && apt-get install -y --no-install-recommends curl libjemalloc2 && rm -rf /var/lib/apt/lists/* \
    && ln -s "$(ls /usr/lib/*-linux-gnu/libjemalloc.so.2)" /usr/local/lib/libjemalloc.so.2 \
    && groupadd --gid 10001 pipeline && useradd --uid 10001 --gid pipeline --home-dir /app --no-create-home pipeline
WORKDIR /app
COPY --from=build /build/target/lib lib
COPY --from=build /build/target/ecommerce-pipeline.jar ecommerce-pipeline.jar
COPY application.properties ./
COPY routes routes
RUN mkdir -p data logs && chown -R pipeline:pipeline data logs
USER pipeline
VOLUME ["/app/data"]
# 8080: GET /report; 9876: /observe/health, /observe/health/live, /observe/health/ready, /observe/metrics
EXPOSE 8080 9876
# the parallel collector with half the heap young, as the pipeline script runs `run` (README Performance)
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+UseParallelGC -XX:NewRatio=1"
ENV LD_PRELOAD=/usr/local/lib/libjemalloc.so.2
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:9876/observe/health/ready || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar ecommerce-pipeline.jar \"$@\"", "pipeline"]
CMD ["run", "--no-producer"]
