# syntax=docker/dockerfile:1
# summary-processor: the summary lane. Built from the repository root after `./mvnw -B -DskipTests package`:
#   docker build -f infra/docker/summary-processor.Dockerfile -t engram/summary-processor .
# (infra/docker-compose.yml does this). The jar's layers (dependencies, Spring Boot's loader, snapshot
# dependencies, the application) become image layers, so a code change rebuilds only the last one.
FROM eclipse-temurin:17-jre AS layers
WORKDIR /build
COPY summary-processor/target/engram-summary-processor-*-exec.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
# curl for the health check only
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system engram \
    && useradd --system --gid engram --home-dir /app --no-create-home engram
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
USER engram
# Inside a container the app listens on every interface; publish the port only where it should be reached.
ENV ENGRAM_BIND_ADDRESS=0.0.0.0 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8082
# Ready: the process is up and its database answers (the readiness group); Kafka being away is not a reason to
# restart it (the health endpoint says so instead).
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8082/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
