#!/usr/bin/env bash
# A Spark standalone cluster on this machine: one master and two workers on 127.0.0.1.
#
#   scripts/spark-cluster.sh start    # master spark://127.0.0.1:7077, 2 workers
#   scripts/spark-cluster.sh status
#   scripts/spark-cluster.sh stop     # stops exactly the processes it started (pid files)
#
# Then:  lnvideo check --engine spark --spark-master spark://127.0.0.1:7077 DIR --output f.parquet
#
# Uses the Spark that ships inside the pyspark package of $PYTHON (default: the
# python3 on PATH, e.g. the project's venv). Settings (environment):
#   PYTHON                    interpreter whose pyspark to use        (python3)
#   SPARK_CLUSTER_DIR         pid files, logs, worker dirs           (/tmp/lnvideo-spark-cluster)
#   SPARK_WORKERS             number of workers                        (2)
#   SPARK_WORKER_CORES        cores per worker                         (1)
#   SPARK_WORKER_MEMORY       memory a worker offers to executors     (2g)
#   SPARK_MASTER_PORT         master port                              (7077)
#   SPARK_DAEMON_MEMORY       heap of the master/worker daemons       (256m)
set -euo pipefail

PYTHON=${PYTHON:-python3}
DIR=${SPARK_CLUSTER_DIR:-/tmp/lnvideo-spark-cluster}
WORKERS=${SPARK_WORKERS:-2}
CORES=${SPARK_WORKER_CORES:-1}
MEMORY=${SPARK_WORKER_MEMORY:-2g}
PORT=${SPARK_MASTER_PORT:-7077}
MASTER_URL="spark://127.0.0.1:${PORT}"
export SPARK_DAEMON_MEMORY=${SPARK_DAEMON_MEMORY:-256m}
export SPARK_LOCAL_IP=127.0.0.1
export SPARK_HOME=${SPARK_HOME:-$("$PYTHON" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')}
export PYSPARK_PYTHON=${PYSPARK_PYTHON:-$(command -v "$PYTHON")}
CLASS="$SPARK_HOME/bin/spark-class"

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for() {  # wait_for FILE PATTERN SECONDS
  local t=0
  until grep -q "$2" "$1" 2>/dev/null; do
    sleep 1; t=$((t + 1))
    if (( t >= $3 )); then echo "timed out waiting for '$2' in $1" >&2; tail -5 "$1" >&2; return 1; fi
  done
}

start() {
  mkdir -p "$DIR"
  if alive "$DIR/master.pid"; then
    echo "already running: $MASTER_URL (pid $(cat "$DIR/master.pid"))"; return 0
  fi
  nohup "$CLASS" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$PORT" --webui-port 0 >"$DIR/master.log" 2>&1 &
  echo $! >"$DIR/master.pid"
  wait_for "$DIR/master.log" "I have been elected leader\|Starting Spark master" 180
  wait_for "$DIR/master.log" "I have been elected leader" 180
  for i in $(seq 1 "$WORKERS"); do
    mkdir -p "$DIR/work-$i"
    nohup "$CLASS" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --cores "$CORES" --memory "$MEMORY" --webui-port 0 \
      --work-dir "$DIR/work-$i" "$MASTER_URL" >"$DIR/worker-$i.log" 2>&1 &
    echo $! >"$DIR/worker-$i.pid"
  done
  for i in $(seq 1 "$WORKERS"); do
    wait_for "$DIR/worker-$i.log" "Successfully registered with master" 180
  done
  echo "started $MASTER_URL with $WORKERS workers × $CORES core(s), $MEMORY (logs in $DIR)"
}

stop() {
  local any=0
  for f in "$DIR"/worker-*.pid "$DIR"/master.pid; do
    [[ -f "$f" ]] || continue
    if alive "$f"; then
      any=1
      local pid; pid=$(cat "$f")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
  done
  if (( any )); then echo "stopped"; else echo "not running"; fi
}

status() {
  local rc=1
  if alive "$DIR/master.pid"; then echo "master $MASTER_URL pid $(cat "$DIR/master.pid")"; rc=0
  else echo "master not running"; fi
  for f in "$DIR"/worker-*.pid; do
    [[ -f "$f" ]] || continue
    if alive "$f"; then echo "$(basename "$f" .pid) pid $(cat "$f")"; else echo "$(basename "$f" .pid) not running"; fi
  done
  return $rc
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  restart) stop; start ;;
  *) echo "usage: $0 start|stop|status|restart" >&2; exit 2 ;;
esac
