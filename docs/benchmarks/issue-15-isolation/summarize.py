import json, re, glob, statistics as st, os
D='/work/a15-data/runs'
pairs=[("arch-homes 138d422","bea594b","138d422"),("arch-accept 9d62056","75b1aaf","9d62056"),("arch-scope 434fa0a","224edcb","434fa0a"),("lead duplicates d849d3d","1f9329a","d849d3d")]
def meta(txt):
    m=re.search(r"load_at_start ([\d.]+) load_at_end ([\d.]+)",txt); return (float(m.group(1)),float(m.group(2))) if m else None
def tri(c):
    out=[]
    for f in sorted(glob.glob(f"{D}/tri-{c}-r*.log")):
        t=open(f).read(); m=re.search(r"^RESULT (.*)$",t,re.M)
        if m and meta(t): r=json.loads(m.group(1)); r['load']=meta(t); out.append(r)
    return out
def finished(prefix, c):
    """The text of each finished run's log (it ends with the load line run.sh writes)."""
    for f in sorted(glob.glob(f"{D}/{prefix}-{c}-r*.log")):
        t=open(f).read()
        if meta(t): yield t
def dash(c):
    out=[]
    for t in finished("dash", c):
        rows={m.group(1).strip():(float(m.group(2)),float(m.group(3)),float(m.group(4)))
              for m in re.finditer(r"^  (\S.*?)\s+p50\s+([\d.]+) ms\s+p95\s+([\d.]+) ms\s+cpu p50\s+([\d.]+) ms",t,re.M)}
        if rows: out.append((rows,meta(t)))
    return out
def queue(c):
    out=[]
    for t in finished("q", c):
        m=re.search(r"^  all\s+p50\s+([\d.]+) ms\s+p95\s+([\d.]+) ms",t,re.M); cm=re.search(r"A15CPU total ([\d.]+) ms, per page ([\d.]+) ms",t)
        if m and cm: out.append((float(m.group(1)),float(m.group(2)),float(cm.group(2)),meta(t)))
    return out
def fmt(vals,d=2):
    return f"{st.median(vals):.{d}f} [{min(vals):.{d}f}–{max(vals):.{d}f}]" if vals else "–"
def loads(rs): 
    ls=[x for r in rs for x in r]; return f"{min(ls):.0f}–{max(ls):.0f}" if ls else "–"
print("| merge | benchmark | before (parent) median [min–max] | after (merge) median [min–max] | runs (before/after) | load during |")
print("|---|---|---|---|---|---|")
for name,p,m in pairs:
    a,b=tri(p),tri(m)
    if a or b:
        L=loads([r['load'] for r in a+b]); n=f"{len(a)}/{len(b)}"
        for key,label in [("p50","triage wall p50 per tip, ms"),("p99","triage wall p99 per tip, ms"),("cpuP50","triage CPU p50 per tip, ms"),("cpuMean","triage CPU mean per tip, ms")]:
            print(f"| {name} | {label} | {fmt([r[key] for r in a])} | {fmt([r[key] for r in b])} | {n} | {L} |")
    a,b=dash(p),dash(m)
    if a or b:
        L=loads([r[1] for r in a+b]); n=f"{len(a)}/{len(b)}"
        for scen in ["supervisor, this year","supervisor, this quarter","administrator, this year","administrator, this quarter","supervisor, this month","supervisor, quarter, one ward"]:
            print(f"| {name} | dashboard loader CPU p50, {scen}, ms | {fmt([r[0][scen][2] for r in a if scen in r[0]],1)} | {fmt([r[0][scen][2] for r in b if scen in r[0]],1)} | {n} | {L} |")
        tot=lambda r: sum(v[2] for v in r[0].values())
        print(f"| {name} | dashboard loader CPU p50 summed over the 9 views, ms | {fmt([tot(r) for r in a],1)} | {fmt([tot(r) for r in b],1)} | {n} | {L} |")
    a,b=queue(p),queue(m)
    if a or b:
        L=loads([r[3] for r in a+b]); n=f"{len(a)}/{len(b)}"
        print(f"| {name} | queue DB p50 per page, ms | {fmt([r[0] for r in a])} | {fmt([r[0] for r in b])} | {n} | {L} |")
        print(f"| {name} | queue DB p95 per page, ms | {fmt([r[1] for r in a])} | {fmt([r[1] for r in b])} | {n} | {L} |")
        print(f"| {name} | queue CPU per page, ms | {fmt([r[2] for r in a],3)} | {fmt([r[2] for r in b],3)} | {n} | {L} |")

# Paired differences: run rN of the merge minus run rN of its parent (the two were measured one after the other).
def byround(files_glob, extract):
    out={}
    for f in glob.glob(files_glob):
        t=open(f).read()
        if not meta(t): continue
        r=int(re.search(r"-r(\d+)\.log$",f).group(1)); v=extract(t)
        if v is not None: out[r]=v
    return out
def tri_x(key):
    def x(t):
        m=re.search(r"^RESULT (.*)$",t,re.M); return json.loads(m.group(1))[key] if m else None
    return x
def dash_sum(t):
    v=[float(m.group(1)) for m in re.finditer(r"cpu p50\s+([\d.]+) ms",t)]; return sum(v) if v else None
def q_cpu(t):
    m=re.search(r"per page ([\d.]+) ms",t); return float(m.group(1)) if m else None
print()
print("| merge | figure | paired differences, merge − parent, per round | median difference | rounds where the merge was slower |")
print("|---|---|---|---|---|")
for name,p,m in pairs:
    for label,pat,x,d in [("triage CPU p50 per tip, ms","tri",tri_x("cpuP50"),2),("dashboard loader CPU p50 summed over 9 views, ms","dash",dash_sum,1),("queue CPU per page, ms","q",q_cpu,3)]:
        a=byround(f"{D}/{pat}-{p}-r*.log",x); b=byround(f"{D}/{pat}-{m}-r*.log",x)
        rs=sorted(set(a)&set(b))
        if not rs: continue
        diffs=[b[r]-a[r] for r in rs]
        print(f"| {name} | {label} | {', '.join(f'{x:+.{d}f}' for x in diffs)} | {st.median(diffs):+.{d}f} ({st.median(diffs)/st.median([a[r] for r in rs])*100:+.0f} %) | {sum(1 for x in diffs if x>0)} of {len(diffs)} |")
