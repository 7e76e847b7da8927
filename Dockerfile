# One image for every mmguard service (quoter, risk-gate, order-router, canary-controller, notifier,
# the topic job and the simulator); docker-compose.yml picks the main class per container.
# Build stage: the project's own Maven build (no tests; CI runs them).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl ops -am package

# Run stage: a JRE, the jars, a non-root user.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin mm \
 && mkdir -p /app /var/lib/mmguard /var/lib/mmguard/switches \
 && chown -R 10001 /var/lib/mmguard
WORKDIR /app
COPY --from=build /src/ops/target/lib/ /app/lib/
COPY --from=build /src/ops/target/mm.jar /app/mm.jar
USER 10001
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Dorg.apache.avro.SERIALIZABLE_PACKAGES=java.lang,java.math,java.util,io.mmguard"
ENTRYPOINT ["java", "-cp", "/app/mm.jar:/app/lib/*"]
CMD ["io.mmguard.ops.Main", "--help"]
