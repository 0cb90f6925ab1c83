# pobsync container image: the same jar and launcher as the native install.
# Native systemd (scripts/install-systemd) is the recommended production path; this image is
# for development and disposable installs (see docs/development.md, "Docker").
#
#   docker compose up --build web scheduler worker
#
# Both stages use Debian's own packages (maven, OpenJDK 17), like the native install.

# ---- build: Maven and a JDK, nothing of it reaches the runtime image
FROM debian:bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends maven openjdk-17-jdk-headless \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pom.xml ./
COPY engine/pom.xml engine/
COPY app/pom.xml app/
COPY engine/src engine/src
COPY app/src app/src
# The Maven repository lives in a BuildKit cache, so a rebuild downloads nothing new. The
# launcher's start-up cache is prepared in the runtime stage, where the jar is installed.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -q package -DskipTests -DskipLaunchCache \
 && cp app/target/pobsync.jar /pobsync.jar

# ---- runtime: a JRE, rsync and the OpenSSH client
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless rsync openssh-client \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 pobsync \
 && useradd --system --uid 10001 --gid pobsync --home-dir /var/lib/pobsync --no-create-home \
      --shell /usr/sbin/nologin --comment "pobsync backup server" pobsync \
 && install -d -m 0750 -o pobsync -g pobsync /var/lib/pobsync \
 && install -d -m 0700 -o pobsync -g pobsync /backups
COPY --from=build /pobsync.jar /opt/pobsync/lib/pobsync.jar
# bin/pobsync finds the jar beside itself (readlink -f resolves the symlink on PATH).
COPY bin/pobsync /opt/pobsync/lib/run-pobsync
# Start-up work belongs to the image build, not to the first command in a container: the
# extracted jar and the class-data archive CLI commands start from (README, "Server settings"),
# in /opt/pobsync/lib/pobsync-launch, read-only at run time.
RUN chmod 0755 /opt/pobsync/lib/run-pobsync \
 && ln -s /opt/pobsync/lib/run-pobsync /usr/local/bin/pobsync \
 && /opt/pobsync/lib/run-pobsync --prepare-launch-cache
ENV POBSYNC_DATA_DIR=/var/lib/pobsync \
    POBSYNC_BACKUP_ROOT=/backups \
    POBSYNC_BIND=0.0.0.0:8010
USER pobsync
WORKDIR /var/lib/pobsync
VOLUME ["/var/lib/pobsync", "/backups"]
EXPOSE 8010
ENTRYPOINT ["pobsync"]
CMD ["web"]
