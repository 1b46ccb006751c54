package experiment

import (
	"fmt"
	"strings"
)

// SlurmJob describes a sweep to submit to Slurm as a job array of shards
// and a dependent merge job.
type SlurmJob struct {
	Name      string // the sweep's name, for job names
	Binary    string // the joinedup binary on the nodes
	SweepFile string // the sweep file, an absolute path every node can read
	Dir       string // the sweep folder, an absolute path on a shared file system
	Tasks     int    // array tasks, one shard each
	CPUs      int    // CPUs per task; 0 means 1
	Time      string // time limit per task as sbatch takes it; "" means the partition's
	Partition string // "" means the default partition
	Runs      int    // the sweep's runs, for the comment
	// Params are the flags that choose the replicates' parameters, passed
	// to every task's sweep run: none (the embedded ensemble),
	// "-fixed-params", or "-ensemble" and an absolute path.
	Params []string
}

// SlurmScript returns a bash script that submits the job: an array of
// Tasks tasks, task i running "sweep run --shard auto -resume" (Slurm's
// array variables give the shard), and a merge job that depends on the
// whole array succeeding (afterok). The tasks bypass the result cache (a
// user's cache folder is no place for a cluster's shards to write). Arguments given to the script are
// passed to sbatch for the merge job, so "bash script --wait" returns when
// the merge has finished, with its exit status.
func SlurmScript(j SlurmJob) string {
	q := shellQuote
	cpus := max(j.CPUs, 1)
	name := "joinedup-" + slurmName(j.Name)
	var opts strings.Builder
	if j.Partition != "" {
		fmt.Fprintf(&opts, "#SBATCH --partition=%s\n", j.Partition)
	}
	var taskOpts strings.Builder
	taskOpts.WriteString(opts.String())
	if j.Time != "" {
		fmt.Fprintf(&taskOpts, "#SBATCH --time=%s\n", j.Time)
	}
	logs := j.Dir + "/slurm"
	var params strings.Builder
	for _, a := range j.Params {
		params.WriteString(" " + q(a))
	}
	var b strings.Builder
	fmt.Fprintf(&b, `#!/usr/bin/env bash
# Submits the sweep %s (%d runs) to Slurm: a job array of %d shards and a merge
# job that runs when all of them have succeeded. Written by joinedup sweep slurm.
#
#   bash THIS-SCRIPT           submit and return
#   bash THIS-SCRIPT --wait    submit and wait for the merge
#
# Logs go to %s. A task that fails can be submitted again alone
# (sbatch --array=I ...): it resumes, keeping the design points it finished.
set -euo pipefail
mkdir -p %s

array=$(sbatch --parsable <<'SHARDS'
#!/usr/bin/env bash
#SBATCH --job-name=%s
#SBATCH --array=0-%d
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=%d
#SBATCH --output=%s/shard-%%a.log
%sexec %s sweep run %s -o %s%s --shard auto -resume -quiet -no-cache -workers %d
SHARDS
)
array=${array%%%%;*}
echo "submitted the shards as job array $array" >&2

merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes "$@" <<'MERGE'
#!/usr/bin/env bash
#SBATCH --job-name=%s-merge
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --output=%s/merge.log
%sexec %s sweep merge %s
MERGE
)
echo "submitted the merge as job ${merge%%%%;*}, after array $array" >&2
echo "$array ${merge%%%%;*}"
`, j.Name, j.Runs, j.Tasks, logs, q(logs),
		name, j.Tasks-1, cpus, logs, taskOpts.String(), q(j.Binary), q(j.SweepFile), q(j.Dir), params.String(), cpus,
		name, logs, opts.String(), q(j.Binary), q(j.Dir))
	return b.String()
}

// slurmName makes a job name of letters, digits, '-' and '_'.
func slurmName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '-'
	}, s)
}
