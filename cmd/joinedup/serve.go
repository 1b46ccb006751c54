package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/joinedup/joinedup/web"
)

func init() { commands["serve"] = cmdServe }

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", "serve [-addr HOST:PORT]",
		"Serves the teaching page: pick a case, move its levers, press play and watch\n"+
			"the outcomes of its replicates arrive; pin a run and compare it with the next.\n"+
			"Everything the page needs is in the binary; nothing is fetched from the internet.\n"+
			"Each replicate draws its parameters from the calibrated ensemble, as run does;\n"+
			"-fixed-params runs the page on the parameter table's values.\n", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on; 0.0.0.0:8080 serves a classroom network")
	maxRuns := fs.Int("max-runs", 4, "`runs` at once over all browsers; more get 429 (too many requests)")
	var po paramOptions
	paramFlags(fs, &po)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return &usageError{msg: "serve takes no arguments", fs: fs}
	}
	if *maxRuns < 1 {
		return &usageError{msg: fmt.Sprintf("-max-runs %d: at least 1", *maxRuns), fs: fs}
	}
	ens, err := po.plan(fs)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := &http.Server{Handler: web.New(web.Options{MaxRuns: *maxRuns, Ensemble: ens}), ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	fmt.Fprintf(stdout, "joinedup: the teaching page is at http://%s/ (Ctrl-C stops)\n", ln.Addr())
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
