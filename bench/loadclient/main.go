// Command loadclient drives one aggregated API server with a client-go dynamic client and prints what it measured
// as JSON: throughput and latency percentiles of create, get, update, list and delete at each concurrency asked
// for, then a watch fan-out (several watchers, one writer). bench/server.mjs runs it against the generated server
// and against k8s.io/sample-apiserver in turn and compares the two; it judges nothing itself.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/tools/clientcmd"
)

type options struct {
	kubeconfig  string
	gvr         schema.GroupVersionResource
	kind        string
	namespace   string
	spec        map[string]any
	objects     int
	lists       int
	concurrency []int
	watchers    int
	watchEvents int
	prefix      string
}

// Stats of one operation in one phase. Latencies are of single requests; throughput is requests over the phase's
// wall time, with every client of the phase busy.
type Stats struct {
	Count     int     `json:"count"`
	Seconds   float64 `json:"seconds"`
	PerSecond float64 `json:"perSecond"`
	P50ms     float64 `json:"p50ms"`
	P99ms     float64 `json:"p99ms"`
}

type Result struct {
	Phases []Phase `json:"phases"`
	Watch  Stats   `json:"watch"`
}

type Phase struct {
	Concurrency int              `json:"concurrency"`
	Ops         map[string]Stats `json:"ops"`
}

func main() {
	o, err := parseFlags()
	if err != nil {
		fmt.Fprintf(os.Stderr, "loadclient: %v\n", err)
		os.Exit(2)
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", o.kubeconfig)
	if err != nil {
		fail(err)
	}
	// The client must not be what limits throughput: no client-side rate limit.
	cfg.QPS, cfg.Burst = -1, 0
	cfg.Timeout = 60 * time.Second
	client, err := dynamic.NewForConfig(cfg)
	if err != nil {
		fail(err)
	}
	res := client.Resource(o.gvr).Namespace(o.namespace)
	ctx := context.Background()

	var out Result
	for _, c := range o.concurrency {
		phase, err := crud(ctx, res, o, c)
		if err != nil {
			fail(err)
		}
		out.Phases = append(out.Phases, phase)
	}
	if o.watchers > 0 {
		if out.Watch, err = fanOut(ctx, res, o); err != nil {
			fail(err)
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fail(err)
	}
}

func parseFlags() (options, error) {
	var o options
	var group, version, resource, spec, concurrency string
	flag.StringVar(&o.kubeconfig, "kubeconfig", "", "kubeconfig of the server under load")
	flag.StringVar(&group, "group", "", "API group of the resource")
	flag.StringVar(&version, "version", "", "API version of the resource")
	flag.StringVar(&resource, "resource", "", "plural resource name")
	flag.StringVar(&o.kind, "kind", "", "kind of the resource")
	flag.StringVar(&o.namespace, "namespace", "default", "namespace the objects are created in")
	flag.StringVar(&spec, "spec", "{}", "the spec of every object, as JSON")
	flag.IntVar(&o.objects, "objects", 400, "objects created, read, updated and deleted at each concurrency")
	flag.IntVar(&o.lists, "lists", 100, "lists of all the objects at each concurrency")
	flag.StringVar(&concurrency, "concurrency", "1,16", "comma-separated numbers of concurrent clients")
	flag.IntVar(&o.watchers, "watchers", 10, "watchers of the fan-out (0: no fan-out)")
	flag.IntVar(&o.watchEvents, "watch-events", 200, "objects created while the watchers watch")
	flag.StringVar(&o.prefix, "prefix", "bench", "prefix of object names")
	flag.Parse()
	if o.kubeconfig == "" || version == "" || resource == "" || o.kind == "" {
		return o, fmt.Errorf("--kubeconfig, --version, --resource and --kind are required")
	}
	o.gvr = schema.GroupVersionResource{Group: group, Version: version, Resource: resource}
	if err := json.Unmarshal([]byte(spec), &o.spec); err != nil {
		return o, fmt.Errorf("--spec is not a JSON object: %v", err)
	}
	for _, s := range strings.Split(concurrency, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return o, fmt.Errorf("--concurrency wants positive numbers, got %q", s)
		}
		o.concurrency = append(o.concurrency, n)
	}
	return o, nil
}

func (o options) object(name string) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": o.gvr.GroupVersion().String(),
		"kind":       o.kind,
		"metadata":   map[string]any{"name": name, "labels": map[string]any{"apiboot.bench/run": o.prefix}},
		"spec":       runtime.DeepCopyJSON(o.spec),
	}}
}

// crud runs create, get, update, list and delete as five phases one after the other, each with c clients sharing
// the work, so each operation's throughput is its own.
func crud(ctx context.Context, res dynamic.ResourceInterface, o options, c int) (Phase, error) {
	names := make([]string, o.objects)
	for i := range names {
		names[i] = fmt.Sprintf("%s-c%d-%d", o.prefix, c, i)
	}
	latest := make([]*unstructured.Unstructured, len(names))
	phase := Phase{Concurrency: c, Ops: map[string]Stats{}}
	steps := []struct {
		op    string
		count int
		do    func(i int) error
	}{
		{"create", len(names), func(i int) (err error) {
			latest[i], err = res.Create(ctx, o.object(names[i]), metav1.CreateOptions{})
			return err
		}},
		{"get", len(names), func(i int) (err error) {
			latest[i], err = res.Get(ctx, names[i], metav1.GetOptions{})
			return err
		}},
		{"update", len(names), func(i int) (err error) {
			u := latest[i].DeepCopy()
			labels := u.GetLabels()
			labels["apiboot.bench/updated"] = "true"
			u.SetLabels(labels)
			latest[i], err = res.Update(ctx, u, metav1.UpdateOptions{})
			return err
		}},
		{"list", o.lists, func(int) error {
			l, err := res.List(ctx, metav1.ListOptions{LabelSelector: "apiboot.bench/run=" + o.prefix})
			if err == nil && len(l.Items) != len(names) {
				err = fmt.Errorf("list returned %d objects, want %d", len(l.Items), len(names))
			}
			return err
		}},
		{"delete", len(names), func(i int) error {
			return res.Delete(ctx, names[i], metav1.DeleteOptions{})
		}},
	}
	for _, s := range steps {
		stats, err := parallel(c, s.count, s.do)
		if err != nil {
			return phase, fmt.Errorf("%s at concurrency %d: %w", s.op, c, err)
		}
		phase.Ops[s.op] = stats
	}
	return phase, nil
}

// parallel calls do(0..count-1) from c goroutines and times each call and the whole.
func parallel(c, count int, do func(i int) error) (Stats, error) {
	latencies := make([]time.Duration, count)
	next := make(chan int)
	errs := make(chan error, c)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t := time.Now()
				if err := do(i); err != nil {
					errs <- err
					return
				}
				latencies[i] = time.Since(t)
			}
		}()
	}
	var err error
feed:
	for i := 0; i < count; i++ {
		select {
		case next <- i:
		case err = <-errs:
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err == nil {
		select {
		case err = <-errs:
		default:
		}
	}
	if err != nil {
		return Stats{}, err
	}
	return summarize(latencies, time.Since(start)), nil
}

func summarize(latencies []time.Duration, wall time.Duration) Stats {
	sorted := append([]time.Duration(nil), latencies...)
	sort.Slice(sorted, func(a, b int) bool { return sorted[a] < sorted[b] })
	pct := func(p float64) float64 {
		if len(sorted) == 0 {
			return 0
		}
		i := int(p * float64(len(sorted)-1))
		return float64(sorted[i].Microseconds()) / 1000
	}
	return Stats{
		Count:     len(latencies),
		Seconds:   wall.Seconds(),
		PerSecond: float64(len(latencies)) / wall.Seconds(),
		P50ms:     pct(0.50),
		P99ms:     pct(0.99),
	}
}

// fanOut starts o.watchers watches, creates o.watchEvents objects one after the other, and measures how fast and
// how late the ADDED events reach every watcher. Throughput is events delivered (watchers × objects) per second
// from the first create to the last event; latency is from the start of an object's create to its event.
func fanOut(ctx context.Context, res dynamic.ResourceInterface, o options) (Stats, error) {
	selector := "apiboot.bench/run=" + o.prefix + "-watch"
	watchers := make([]watch.Interface, o.watchers)
	for i := range watchers {
		w, err := res.Watch(ctx, metav1.ListOptions{LabelSelector: selector})
		if err != nil {
			return Stats{}, fmt.Errorf("watch: %w", err)
		}
		defer w.Stop()
		watchers[i] = w
	}
	var mu sync.Mutex
	sent := map[string]time.Time{}
	latencies := make([]time.Duration, 0, o.watchers*o.watchEvents)
	var wg sync.WaitGroup
	errs := make(chan error, o.watchers)
	var last time.Time
	for _, w := range watchers {
		wg.Add(1)
		go func(w watch.Interface) {
			defer wg.Done()
			seen := 0
			timeout := time.After(5 * time.Minute)
			for seen < o.watchEvents {
				select {
				case ev, ok := <-w.ResultChan():
					if !ok {
						errs <- fmt.Errorf("a watch closed after %d of %d events", seen, o.watchEvents)
						return
					}
					if ev.Type != watch.Added {
						continue
					}
					now := time.Now()
					name := ev.Object.(*unstructured.Unstructured).GetName()
					mu.Lock()
					latencies = append(latencies, now.Sub(sent[name]))
					if now.After(last) {
						last = now
					}
					mu.Unlock()
					seen++
				case <-timeout:
					errs <- fmt.Errorf("a watcher saw %d of %d events in 5 minutes", seen, o.watchEvents)
					return
				}
			}
		}(w)
	}
	wo := o
	wo.prefix = o.prefix + "-watch"
	start := time.Now()
	for i := 0; i < o.watchEvents; i++ {
		name := fmt.Sprintf("%s-%d", wo.prefix, i)
		mu.Lock()
		sent[name] = time.Now()
		mu.Unlock()
		if _, err := res.Create(ctx, wo.object(name), metav1.CreateOptions{}); err != nil {
			return Stats{}, fmt.Errorf("create while watched: %w", err)
		}
	}
	wg.Wait()
	select {
	case err := <-errs:
		return Stats{}, err
	default:
	}
	stats := summarize(latencies, last.Sub(start))
	for i := 0; i < o.watchEvents; i++ {
		if err := res.Delete(ctx, fmt.Sprintf("%s-%d", wo.prefix, i), metav1.DeleteOptions{}); err != nil {
			return Stats{}, fmt.Errorf("delete after the fan-out: %w", err)
		}
	}
	return stats, nil
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "loadclient: %v\n", err)
	os.Exit(1)
}
