package experiment

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/joinedup/joinedup/sim"
)

// CacheEnv names the environment variable that, when set, is the cache
// folder instead of the user cache folder's joinedup/ (tests set it).
const CacheEnv = "JOINEDUP_CACHE_DIR"

// DefaultCacheBytes is the default bound on a cache's size: 2 GiB, about
// 26 runs of 1,000 Sedgefield replicates recorded every week, or 100 of
// them recorded every 4 weeks.
const DefaultCacheBytes = 2 << 30

// A Cache keeps the per-replicate values of finished runs so that asking
// for the same run again reads them back instead of simulating. A run is
// found by a key of everything that determines its values: each arm's
// resolved scenario (its hash) and team-metrics setting, the design
// points, replicates, weeks, recording interval, master seed, shard and
// streams, and the tool: its version and a hash of the running
// executable, so a rebuilt tool never reads an older build's results. Arms
// built in code (Arm.Config, or a Scenario edited after it was resolved
// with no Source) are never cached.
//
// Entries are files named by their key; reading one marks it used, and
// after each write the least recently used entries are removed until the
// cache holds at most MaxBytes. An entry larger than the bound is not kept.
// Entries are written under a temporary name and renamed into place when
// complete, so several processes may share a cache.
type Cache struct {
	Dir      string // the cache folder; created when first written
	MaxBytes int64  // bound on the total size; 0 means DefaultCacheBytes
	Version  string // tool version, part of every key
}

// DefaultCache returns the cache in $JOINEDUP_CACHE_DIR or, when that is
// unset, os.UserCacheDir()/joinedup, bounded by DefaultCacheBytes.
func DefaultCache(version string) (*Cache, error) {
	dir := os.Getenv(CacheEnv)
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("experiment: no cache folder: %w", err)
		}
		dir = filepath.Join(base, "joinedup")
	}
	return &Cache{Dir: dir, Version: version}, nil
}

func (c *Cache) maxBytes() int64 {
	if c.MaxBytes <= 0 {
		return DefaultCacheBytes
	}
	return c.MaxBytes
}

var (
	exeOnce sync.Once
	exeHash string
)

// executableHash is the SHA-256 of the running program, or "unknown".
func executableHash() string {
	exeOnce.Do(func() {
		exeHash = "unknown"
		path, err := os.Executable()
		if err != nil {
			return
		}
		f, err := os.Open(path)
		if err != nil {
			return
		}
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err == nil {
			exeHash = hex.EncodeToString(h.Sum(nil))
		}
	})
	return exeHash
}

// Key returns the cache key of plan p, and false when p cannot be cached.
func (c *Cache) Key(p *Plan) (string, bool) {
	type armKey struct {
		Hash string `json:"hash"`
	}
	k := struct {
		Version, Executable, Revision string
		Arms                          []armKey
		Points                        []Point
		Replicates, Weeks, Every      int
		Seed                          uint64
		Shard                         string
		SharedStreams, TeamMetrics    bool
		Ensemble                      string `json:",omitempty"`
	}{
		Version: c.Version, Executable: executableHash(), Revision: BuildInfo().Revision,
		Points: p.Points, Replicates: p.Replicates, Weeks: p.Weeks, Every: max(p.Every, 1),
		Seed: p.Seed, Shard: p.Shard.String(), SharedStreams: p.SharedStreams, TeamMetrics: p.TeamMetrics,
	}
	if p.Only != nil {
		return "", false
	}
	if p.Ensemble != nil {
		if p.Ensemble.Hash == "" {
			return "", false
		}
		k.Ensemble = p.Ensemble.Hash
	}
	for _, a := range p.Arms {
		if a.Config != nil || a.Scenario == nil || a.Scenario.TOML() == nil || a.Source == "" {
			return "", false
		}
		k.Arms = append(k.Arms, armKey{a.Scenario.Hash()})
	}
	b, _ := json.Marshal(k)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), true
}

const cacheMagic = "joinedup-cache-1\n"

func (c *Cache) path(key string) string { return filepath.Join(c.Dir, key+".bin") }

// has reports whether the cache holds a complete entry for key: the
// right header and the size the run's units need.
func (c *Cache) has(key string, info *Info) bool {
	f, err := os.Open(c.path(key))
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(cacheMagic))
	if _, err = io.ReadFull(f, head); err != nil || string(head) != cacheMagic {
		return false
	}
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	per := 0
	for _, m := range info.Arms {
		per += len(m.Metrics) * len(info.Weeks) * 8
	}
	return fi.Size() == int64(len(cacheMagic))+int64(info.Units)*int64(per)
}

// replay delivers the units of a cached run to the sinks.
func (c *Cache) replay(ctx context.Context, key string, p *Plan, info *Info, sinks []Sink) error {
	f, err := os.Open(c.path(key))
	if err != nil {
		return fmt.Errorf("experiment: cache: %w", err)
	}
	defer f.Close()
	now := time.Now()
	_ = os.Chtimes(c.path(key), now, now) // mark used
	r := bufio.NewReaderSize(f, 1<<20)
	if _, err := r.Discard(len(cacheMagic)); err != nil {
		return fmt.Errorf("experiment: cache: %w", err)
	}
	weeks := info.Weeks
	ticks := make([]sim.Tick, len(weeks))
	for i, w := range weeks {
		ticks[i] = sim.Tick(w)
	}
	trs := make([]*sim.Trajectory, len(p.Arms))
	for a := range trs {
		w := len(info.Arms[a].Metrics)
		trs[a] = &sim.Trajectory{Width: w, Ticks: ticks, Values: make([]float64, w*len(weeks))}
	}
	buf := make([]byte, 0)
	points := p.points()
	for k := range len(points) * p.Replicates {
		if !p.has(k) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		pt, rep := k/p.Replicates, k%p.Replicates
		u := &Unit{Index: k, Point: pt, Replicate: rep, Settings: points[pt].Settings,
			Seed: sim.Replicate{Master: p.Seed, Stream: p.Stream(pt), Index: rep}, Arms: trs, Set: -1}
		if p.Ensemble != nil {
			u.Set = p.Ensemble.Draw(u.Seed)
		}
		for _, tr := range trs {
			tr.Stream, tr.Replicate = u.Seed.Stream, rep
			n := len(tr.Values) * 8
			if cap(buf) < n {
				buf = make([]byte, n)
			}
			buf = buf[:n]
			if _, err := io.ReadFull(r, buf); err != nil {
				return fmt.Errorf("experiment: cache entry %s is truncated; remove it or run with -no-cache", c.path(key))
			}
			for i := range tr.Values {
				tr.Values[i] = math.Float64frombits(binary.LittleEndian.Uint64(buf[8*i:]))
			}
		}
		for _, s := range sinks {
			if err := s.Add(u); err != nil {
				return err
			}
		}
	}
	// Nothing may follow the last unit: a longer file is not this run's.
	if _, err := r.ReadByte(); err != io.EOF {
		return fmt.Errorf("experiment: cache entry %s is longer than the run; remove it or run with -no-cache", c.path(key))
	}
	return nil
}

// cacheWriter is a Sink that writes a run's values to a temporary cache
// file and moves it into place when the run completes.
type cacheWriter struct {
	c     *Cache
	key   string
	f     *os.File
	w     *bufio.Writer
	size  int64
	over  bool // larger than the bound: not kept
	buf   []byte
	fails error
}

func (c *Cache) writer(key string) *cacheWriter { return &cacheWriter{c: c, key: key} }

func (cw *cacheWriter) Start(*Info) error {
	if err := os.MkdirAll(cw.c.Dir, 0o755); err != nil {
		cw.fails = err
		return nil // the cache is an aid: a run does not fail for it
	}
	f, err := os.CreateTemp(cw.c.Dir, ".tmp-"+cw.key[:16]+"-")
	if err != nil {
		cw.fails = err
		return nil
	}
	cw.f, cw.w = f, bufio.NewWriterSize(f, 1<<20)
	_, cw.fails = cw.w.WriteString(cacheMagic)
	cw.size = int64(len(cacheMagic))
	return nil
}

func (cw *cacheWriter) Add(u *Unit) error {
	if cw.f == nil || cw.fails != nil || cw.over {
		return nil
	}
	for _, tr := range u.Arms {
		cw.buf = cw.buf[:0]
		for _, v := range tr.Values {
			cw.buf = binary.LittleEndian.AppendUint64(cw.buf, math.Float64bits(v))
		}
		if _, err := cw.w.Write(cw.buf); err != nil {
			cw.fails = err
			return nil
		}
		cw.size += int64(len(cw.buf))
	}
	if cw.size > cw.c.maxBytes() {
		cw.over = true
	}
	return nil
}

func (cw *cacheWriter) Finish(err error) error {
	if cw.f == nil {
		return nil
	}
	tmp := cw.f.Name()
	keep := err == nil && cw.fails == nil && !cw.over
	if keep {
		keep = cw.w.Flush() == nil
	}
	if cerr := cw.f.Close(); cerr != nil {
		keep = false
	}
	if !keep {
		os.Remove(tmp)
		return nil
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		os.Remove(tmp)
		return nil
	}
	if err := os.Rename(tmp, cw.c.path(cw.key)); err != nil {
		os.Remove(tmp)
		return nil
	}
	cw.c.evict()
	return nil
}

// evict removes the least recently used entries until the cache holds at
// most MaxBytes.
func (c *Cache) evict() {
	ents, err := os.ReadDir(c.Dir)
	if err != nil {
		return
	}
	type entry struct {
		path string
		size int64
		used time.Time
	}
	var es []entry
	var total int64
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".bin") || e.IsDir() {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		es = append(es, entry{filepath.Join(c.Dir, e.Name()), fi.Size(), fi.ModTime()})
		total += fi.Size()
	}
	slices.SortFunc(es, func(a, b entry) int { return a.used.Compare(b.used) })
	for _, e := range es {
		if total <= c.maxBytes() {
			break
		}
		if err := os.Remove(e.path); err == nil || errors.Is(err, os.ErrNotExist) {
			total -= e.size
		}
	}
}
