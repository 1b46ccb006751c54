package experiment

import (
	"fmt"
	"strconv"
)

// ShardFromEnv works out this process's shard from a batch system's
// environment (getenv is os.Getenv, or a map's lookup in tests):
//
//   - Slurm job arrays: SLURM_ARRAY_TASK_ID's position within the array's
//     range, (ID − SLURM_ARRAY_TASK_MIN), of SLURM_ARRAY_TASK_COUNT shards.
//     The array must be a plain range (--array=M-N or --array=M-N%K): an
//     array with a step or a list has positions that are not ID − MIN, and
//     is refused (detected as MAX − MIN + 1 ≠ COUNT).
//   - Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX of count shards, where
//     count (the Job's completions) must be given, as Kubernetes does not
//     put it in the environment.
//
// count, when positive, is checked against Slurm's count too. The
// environment's description is returned for messages.
func ShardFromEnv(getenv func(string) string, count int) (Shard, string, error) {
	num := func(name string) (int, bool, error) {
		s := getenv(name)
		if s == "" {
			return 0, false, nil
		}
		v, err := strconv.Atoi(s)
		if err != nil {
			return 0, true, fmt.Errorf("experiment: --shard auto: %s=%q is not a whole number", name, s)
		}
		return v, true, nil
	}
	id, haveID, err := num("SLURM_ARRAY_TASK_ID")
	if err != nil {
		return Shard{}, "", err
	}
	if haveID {
		lo, ok1, err1 := num("SLURM_ARRAY_TASK_MIN")
		hi, ok2, err2 := num("SLURM_ARRAY_TASK_MAX")
		n, ok3, err3 := num("SLURM_ARRAY_TASK_COUNT")
		for _, e := range []error{err1, err2, err3} {
			if e != nil {
				return Shard{}, "", e
			}
		}
		if !ok1 || !ok2 || !ok3 {
			return Shard{}, "", fmt.Errorf("experiment: --shard auto: SLURM_ARRAY_TASK_ID is set but not SLURM_ARRAY_TASK_MIN, _MAX and _COUNT (Slurm sets all four in a job array)")
		}
		if hi-lo+1 != n {
			return Shard{}, "", fmt.Errorf("experiment: --shard auto: the job array %d-%d has %d tasks, not one per index: submit a plain range such as --array=0-%d", lo, hi, n, n-1)
		}
		if id < lo || id > hi {
			return Shard{}, "", fmt.Errorf("experiment: --shard auto: SLURM_ARRAY_TASK_ID %d is outside the array's range %d-%d", id, lo, hi)
		}
		if count > 0 && count != n {
			return Shard{}, "", fmt.Errorf("experiment: --shard auto with -shards %d, but the job array has %d tasks", count, n)
		}
		sh := Shard{Index: id - lo, Count: n}
		return sh, fmt.Sprintf("Slurm array task %d of %d-%d: shard %s", id, lo, hi, sh), nil
	}
	idx, haveIdx, err := num("JOB_COMPLETION_INDEX")
	if err != nil {
		return Shard{}, "", err
	}
	if haveIdx {
		if count < 1 {
			return Shard{}, "", fmt.Errorf("experiment: --shard auto in a Kubernetes Indexed Job needs the number of shards (the Job's completions): add -shards N")
		}
		if idx < 0 || idx >= count {
			return Shard{}, "", fmt.Errorf("experiment: --shard auto: JOB_COMPLETION_INDEX %d is outside 0..%d", idx, count-1)
		}
		sh := Shard{Index: idx, Count: count}
		return sh, fmt.Sprintf("Kubernetes completion index %d: shard %s", idx, sh), nil
	}
	return Shard{}, "", fmt.Errorf("experiment: --shard auto: neither SLURM_ARRAY_TASK_ID (a Slurm job array) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set; give --shard i/n")
}
