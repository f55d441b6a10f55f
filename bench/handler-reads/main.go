// Command handler-reads counts the requests a handler kind's storage makes to kube-apiserver: bench/handler-reads.mjs
// copies it into a meter project (module demo.io/meter), the old one and the new, and runs it against the test bed's
// kube-apiserver. It serves PodSummaries as the server does, through the kind's storage over the server's client for
// the cluster, with every request of that client counted, and prints one JSON line:
//   - first: requests of the first `kubectl get` (a list), which may start an informer;
//   - perGet: requests per `kubectl get` after it, over gets lists;
//   - perWatcherMinute: requests per watcher per minute, over watchers watching for seconds.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/client-go/tools/clientcmd"

	"demo.io/meter/pkg/apiserver"
	"demo.io/meter/pkg/registry/metrics/podsummary"
)

// store is what the kind's REST has of the registry's handler store, before and after.
type store interface {
	ListObjects(ctx context.Context, options *metainternalversion.ListOptions) (runtime.Object, error)
	WatchObjects(ctx context.Context, options *metainternalversion.ListOptions) (watch.Interface, error)
}

var requests atomic.Int64

type counting struct{ next http.RoundTripper }

func (c counting) RoundTrip(req *http.Request) (*http.Response, error) {
	requests.Add(1)
	return c.next.RoundTrip(req)
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "handler-reads:", err)
		os.Exit(1)
	}
}

func run() error {
	gets, _ := strconv.Atoi(os.Args[2])
	watchers, _ := strconv.Atoi(os.Args[3])
	seconds, _ := strconv.Atoi(os.Args[4])
	cfg, err := clientcmd.BuildConfigFromFlags("", os.Args[1])
	if err != nil {
		return err
	}
	cfg.Wrap(func(rt http.RoundTripper) http.RoundTripper { return counting{rt} })
	storage, err := podsummary.NewStorage(apiserver.Scheme, cfg)
	if err != nil {
		return err
	}
	s := storage.REST.(store)
	ctx := genericapirequest.WithNamespace(genericapirequest.NewContext(), "default")
	ctx, cancel := context.WithTimeout(ctx, time.Duration(seconds+60)*time.Second)
	defer cancel()

	if _, err := s.ListObjects(ctx, &metainternalversion.ListOptions{}); err != nil {
		return err
	}
	first := requests.Swap(0)
	for range gets {
		if _, err := s.ListObjects(ctx, &metainternalversion.ListOptions{}); err != nil {
			return err
		}
	}
	perGet := float64(requests.Swap(0)) / float64(gets)

	for range watchers {
		w, err := s.WatchObjects(ctx, &metainternalversion.ListOptions{})
		if err != nil {
			return err
		}
		defer w.Stop()
		go func() {
			for range w.ResultChan() {
			}
		}()
	}
	time.Sleep(time.Duration(seconds) * time.Second)
	perWatcherMinute := float64(requests.Swap(0)) / float64(watchers) * 60 / float64(seconds)
	return json.NewEncoder(os.Stdout).Encode(map[string]any{"first": first, "perGet": perGet, "perWatcherMinute": perWatcherMinute})
}
