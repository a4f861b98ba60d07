#!/bin/bash
# run2.sh SEQ KIND COMMIT BASE.db TAG — loads in parallel with others; measures only on its turn (SEQ), one real-time job at a time
set -u
seq=$1; kind=$2; c=$3; base=$4; tag=$5
D=/work/a15-data; d=$D/runs; mkdir -p $d
db=$d/$tag.db; log=$d/$tag.log
advance() { echo $((seq+1)) > $D/turn.tmp.$seq; mv $D/turn.tmp.$seq $D/turn; }
rm -f $db $db-wal $db-shm $db.go
cp $D/$base $db
cd /work/a15-$c
if [ $kind = triage ]; then
  node_modules/.bin/tsx scripts/bench/a15-triage-measure.ts $db > $log 2>&1 &
elif [ $kind = queue ]; then
  node_modules/.bin/tsx scripts/bench/a15-queue.ts --db $db --no-http --rounds 20 > $log 2>&1 &
else
  node_modules/.bin/tsx scripts/bench/a15-dashboard.ts --db $db --no-http --rounds 30 > $log 2>&1 &
fi
bg=$!
while ! grep -q '^READY' $log && kill -0 $bg 2>/dev/null; do sleep 0.3; done
while [ "$(cat $D/turn 2>/dev/null)" != "$seq" ]; do sleep 0.3; done
pid=$(grep '^READY' $log | awk '{print $2}')
load0=$(cut -d' ' -f1 /proc/loadavg)
if [ -n "$pid" ]; then chrt -a -f -p 10 $pid; touch $db.go; fi
wait $bg
echo "seq $seq load_at_start $load0 load_at_end $(cut -d' ' -f1 /proc/loadavg) commit $c at $(date +%T)" >> $log
advance
rm -f $db $db-wal $db-shm $db.go
