# One image for every role: `docker run IMAGE serve`, `docker run IMAGE worker` (settings through HPO__* variables).
# Build: docker build -t hpo:0.1.0 . (the tag the Kubernetes manifests and the chart name)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
# For the build machine's architecture only (linux-x64 or linux-arm64): one platform's native plotting libraries.
RUN arch="$(uname -m | sed -e s/x86_64/x64/ -e s/aarch64/arm64/)" \
 && dotnet publish src/Hpo -c Release -o /app -r "linux-$arch" --self-contained false -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# DejaVu fonts for the report's plots; Fashion-MNIST (the dataset fashion-mnist of a sweep spec), which the distribution
# packages at the path hpo reads it from, /usr/share/datasets/fashion-mnist (about 30 MB).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core dataset-fashion-mnist \
 && rm -rf /var/lib/apt/lists/* && test -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz
WORKDIR /app
COPY --from=build /app .
# The data directory (journal, checkpoints, CSV files) is a volume; nothing else is written (read-only root
# filesystem friendly: mount /tmp as well).
# The API and a worker's /metrics listen on every address of the container, so that `docker run -p 5080:5080` and a
# pod's probes reach them. Bound so, the API needs a token: `docker run -e HPO__COORDINATOR__APITOKEN=... IMAGE serve`
# (docs/security.md); without one `serve` refuses to start.
ENV HPO__DATADIRECTORY=/data \
    HPO__COORDINATOR__HTTP=http://0.0.0.0:5080 \
    HPO__WORKER__HTTP=http://0.0.0.0:5081 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_gcServer=0
RUN mkdir -p /data && chown app:app /data
VOLUME /data
# The non-root user of the .NET images (uid 1654).
USER app
EXPOSE 4053 5080 5081
ENTRYPOINT ["dotnet", "/app/hpo.dll"]
CMD ["serve"]
