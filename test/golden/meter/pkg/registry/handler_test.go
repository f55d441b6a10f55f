/*
Copyright 2026 The Meter Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package registry

import (
	"context"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/registry/rest"
	clientfeatures "k8s.io/client-go/features"
	"k8s.io/client-go/tools/cache"
)

// widgetSource is a handler's data: widgets by name, in namespace ns, that a
// test changes between polls.
type widgetSource struct {
	mu      sync.Mutex
	widgets map[string]*widget
	created []*widget
	// writes counts the handler's Create, Update and Delete calls.
	writes int
}

func (s *widgetSource) set(w *widget) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w.Namespace = "ns"
	s.widgets[w.Name] = w
}

func (s *widgetSource) remove(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.widgets, name)
}

func newHandlerTest(t *testing.T) (*HandlerStore[*widget], *widgetSource) {
	t.Helper()
	return newHandlerTestWindow(t, 0)
}

// newHandlerTestWindow is newHandlerTest with a window of that many events.
func newHandlerTestWindow(t *testing.T, window int) (*HandlerStore[*widget], *widgetSource) {
	t.Helper()
	source := &widgetSource{widgets: map[string]*widget{}}
	kind := widgetKind
	kind.Status = nil
	kind.NewList = func() runtime.Object { return &widgetList{} }
	store, err := NewHandlerStore(newWidgetScheme(), kind, Handler[*widget]{
		Get: func(_ context.Context, namespace, name string) (*widget, error) {
			source.mu.Lock()
			defer source.mu.Unlock()
			if w, ok := source.widgets[name]; ok && namespace == "ns" {
				return w.DeepCopyObject().(*widget), nil
			}
			return nil, apierrors.NewNotFound(kind.Resource, name)
		},
		List: func(_ context.Context, namespace string) ([]*widget, error) {
			source.mu.Lock()
			defer source.mu.Unlock()
			var list []*widget
			for _, w := range source.widgets {
				if namespace == metav1.NamespaceAll || namespace == w.Namespace {
					list = append(list, w.DeepCopyObject().(*widget))
				}
			}
			return list, nil
		},
		PollInterval: 10 * time.Millisecond,
		EventWindow:  window,
		Create: func(_ context.Context, w *widget) (*widget, error) {
			source.mu.Lock()
			source.created = append(source.created, w)
			source.writes++
			source.mu.Unlock()
			source.set(w.DeepCopyObject().(*widget))
			return w, nil
		},
		Update: func(_ context.Context, w *widget) (*widget, error) {
			source.mu.Lock()
			source.writes++
			source.mu.Unlock()
			source.set(w.DeepCopyObject().(*widget))
			return w, nil
		},
		Delete: func(_ context.Context, _, name string) error {
			source.mu.Lock()
			source.writes++
			source.mu.Unlock()
			source.remove(name)
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Destroy)
	return store, source
}

func TestHandlerList(t *testing.T) {
	store, source := newHandlerTest(t)
	source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "b", Labels: map[string]string{"color": "red"}}, Spec: widgetSpec{Size: 2}})
	source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "a", Labels: map[string]string{"color": "blue"}}, Spec: widgetSpec{Size: 1}})
	source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "c", Labels: map[string]string{"color": "red"}}, Spec: widgetSpec{Size: 1}})

	tests := []struct {
		name    string
		options *metainternalversion.ListOptions
		want    []string
	}{
		{name: "all, sorted by name", options: nil, want: []string{"a", "b", "c"}},
		{name: "label selector", options: &metainternalversion.ListOptions{LabelSelector: labels.SelectorFromSet(labels.Set{"color": "red"})}, want: []string{"b", "c"}},
		{name: "field selector of the hook", options: &metainternalversion.ListOptions{FieldSelector: fields.OneTermEqualSelector("spec.size", "1")}, want: []string{"a", "c"}},
		{name: "both", options: &metainternalversion.ListOptions{
			LabelSelector: labels.SelectorFromSet(labels.Set{"color": "red"}),
			FieldSelector: fields.OneTermEqualSelector("metadata.name", "c"),
		}, want: []string{"c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj, err := store.ListObjects(testContext(), tt.options)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, w := range obj.(*widgetList).Items {
				names = append(names, w.Name)
			}
			if !reflect.DeepEqual(names, tt.want) {
				t.Errorf("got %v, want %v", names, tt.want)
			}
		})
	}
}

// next returns the next event of w, failing after a second.
func next(t *testing.T, w watch.Interface) watch.Event {
	t.Helper()
	select {
	case event, ok := <-w.ResultChan():
		if !ok {
			t.Fatal("the watch ended")
		}
		return event
	case <-time.After(time.Second):
		t.Fatal("no event within a second")
		return watch.Event{}
	}
}

func eventOf(event watch.Event) string {
	return string(event.Type) + " " + event.Object.(*widget).Name
}

// TestHandlerWatchPolls checks the watch of a handler without events: every
// object ADDED first, then what changed between two lists.
func TestHandlerWatchPolls(t *testing.T) {
	store, source := newHandlerTest(t)
	source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "a"}})
	source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "b"}})
	w, err := store.WatchObjects(testContext(), &metainternalversion.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	for _, want := range []string{"ADDED a", "ADDED b"} {
		if got := eventOf(next(t, w)); got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
	source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "a"}, Spec: widgetSpec{Size: 5}})
	if got := eventOf(next(t, w)); got != "MODIFIED a" {
		t.Errorf("got %s, want MODIFIED a", got)
	}
	source.remove("b")
	if got := eventOf(next(t, w)); got != "DELETED b" {
		t.Errorf("got %s, want DELETED b", got)
	}
	w.Stop()
	select {
	case _, open := <-w.ResultChan():
		if open {
			t.Error("an event after Stop")
		}
	case <-time.After(time.Second):
		t.Error("the watch did not end after Stop")
	}
}

// A watch from a list's resourceVersion sends changes only, and a selector
// makes an object that stops matching DELETED.
func TestHandlerWatchFromList(t *testing.T) {
	store, source := newHandlerTest(t)
	source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "a", Labels: map[string]string{"color": "red"}}})
	w, err := store.WatchObjects(testContext(), &metainternalversion.ListOptions{
		ResourceVersion: listVersion(t, store),
		LabelSelector:   labels.SelectorFromSet(labels.Set{"color": "red"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "b", Labels: map[string]string{"color": "red"}}})
	if got := eventOf(next(t, w)); got != "ADDED b" {
		t.Errorf("got %s, want ADDED b (a was in the list already)", got)
	}
	source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "a", Labels: map[string]string{"color": "blue"}}})
	if got := eventOf(next(t, w)); got != "DELETED a" {
		t.Errorf("got %s, want DELETED a", got)
	}
}

// Create applies the kind's defaults and validation before the handler sees
// the object.
func TestHandlerCreate(t *testing.T) {
	store, source := newHandlerTest(t)
	_, err := store.CreateObject(testContext(), &widget{ObjectMeta: metav1.ObjectMeta{Name: "bad", Namespace: "ns"}, Spec: widgetSpec{Size: -1}}, nil, &metav1.CreateOptions{})
	if !apierrors.IsInvalid(err) {
		t.Errorf("a negative size: got %v, want 422 Invalid", err)
	}
	obj, err := store.CreateObject(testContext(), &widget{ObjectMeta: metav1.ObjectMeta{Name: "good", Namespace: "ns"}}, nil, &metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(source.created) != 1 || obj.(*widget).Name != "good" || obj.(*widget).ResourceVersion == "" {
		t.Errorf("the handler created %v, want good only, with a resourceVersion", source.created)
	}
}

func TestHandlerStoreChecks(t *testing.T) {
	kind := widgetKind
	kind.NewList = func() runtime.Object { return &widgetList{} }
	list := func(context.Context, string) ([]*widget, error) { return nil, nil }
	get := func(context.Context, string, string) (*widget, error) { return nil, nil }
	if _, err := NewHandlerStore(newWidgetScheme(), kind, Handler[*widget]{Get: get, List: list}); err == nil || !strings.Contains(err.Error(), "no subresources") {
		t.Errorf("a kind with a status: got %v, want an error naming subresources", err)
	}
	kind.Status = nil
	if _, err := NewHandlerStore(newWidgetScheme(), kind, Handler[*widget]{Get: get}); err == nil || !strings.Contains(err.Error(), "no List") {
		t.Errorf("a handler without List: got %v", err)
	}
}

// listVersion lists the store and returns the list's resourceVersion.
func listVersion(t *testing.T, store *HandlerStore[*widget]) string {
	t.Helper()
	obj, err := store.ListObjects(testContext(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return obj.(*widgetList).ResourceVersion
}

// A streaming list, as client-go's informers open with since 1.35, sends
// every object ADDED, then a bookmark annotated k8s.io/initial-events-end at
// a resourceVersion a watch can resume from.
func TestHandlerStreamingList(t *testing.T) {
	store, source := newHandlerTest(t)
	source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "a"}})
	source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "b"}})
	yes := true
	w, err := store.WatchObjects(testContext(), &metainternalversion.ListOptions{
		SendInitialEvents:    &yes,
		ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan,
		AllowWatchBookmarks:  true,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	for _, want := range []string{"ADDED a", "ADDED b"} {
		if got := eventOf(next(t, w)); got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
	end := next(t, w)
	if end.Type != watch.Bookmark {
		t.Fatalf("got %s after the initial events, want BOOKMARK", end.Type)
	}
	m := end.Object.(*widget).ObjectMeta
	if m.Annotations[metav1.InitialEventsAnnotationKey] != "true" || m.ResourceVersion == "" {
		t.Errorf("the bookmark has annotations %v and resourceVersion %q, want %s and a version", m.Annotations, m.ResourceVersion, metav1.InitialEventsAnnotationKey)
	}
}

// A real informer of client-go syncs over the store with the WatchListClient
// feature on (a streaming list) and off (a list, then a watch from it).
func TestHandlerInformerSyncs(t *testing.T) {
	for _, watchList := range []bool{true, false} {
		t.Run(fmt.Sprintf("WatchListClient=%v", watchList), func(t *testing.T) {
			defaults := clientfeatures.FeatureGates()
			clientfeatures.ReplaceFeatureGates(watchListGate{defaults, watchList})
			t.Cleanup(func() { clientfeatures.ReplaceFeatureGates(defaults) })
			store, source := newHandlerTest(t)
			source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "a"}})
			informer := cache.NewSharedIndexInformer(storeListWatch(store), &widget{}, 0, cache.Indexers{})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			go informer.RunWithContext(ctx)
			synced, syncCancel := context.WithTimeout(ctx, time.Second)
			defer syncCancel()
			if !cache.WaitForCacheSync(synced.Done(), informer.HasSynced) {
				t.Fatal("the informer did not sync within a second")
			}
			source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "b"}})
			deadline := time.Now().Add(time.Second)
			for len(informer.GetStore().ListKeys()) != 2 && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if keys := informer.GetStore().ListKeys(); len(keys) != 2 {
				t.Errorf("the informer holds %v, want ns/a and ns/b", keys)
			}
		})
	}
}

// watchListGate is client-go's feature gates with WatchListClient as given.
type watchListGate struct {
	clientfeatures.Gates
	watchList bool
}

func (g watchListGate) Enabled(f clientfeatures.Feature) bool {
	if f == clientfeatures.WatchListClient {
		return g.watchList
	}
	return g.Gates.Enabled(f)
}

// storeListWatch lists and watches the store as the API server's handlers
// do, converting the client's options.
func storeListWatch(store *HandlerStore[*widget]) *cache.ListWatch {
	internal := func(options metav1.ListOptions) *metainternalversion.ListOptions {
		var out metainternalversion.ListOptions
		if err := metainternalversion.Convert_v1_ListOptions_To_internalversion_ListOptions(&options, &out, nil); err != nil {
			panic(err)
		}
		return &out
	}
	return &cache.ListWatch{
		ListWithContextFunc: func(ctx context.Context, options metav1.ListOptions) (runtime.Object, error) {
			return store.ListObjects(testContext(), internal(options))
		},
		WatchFuncWithContext: func(ctx context.Context, options metav1.ListOptions) (watch.Interface, error) {
			return store.WatchObjects(testContext(), internal(options))
		},
	}
}

// A watch from a list's resourceVersion sends what changed between the list
// and the watch, though no poll happened in between, and a DELETED for what
// vanished; every object carries an increasing resourceVersion.
func TestHandlerWatchFromListMissesNothing(t *testing.T) {
	store, source := newHandlerTest(t)
	source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "a"}})
	source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "b"}})
	list, err := store.ListObjects(testContext(), nil)
	if err != nil {
		t.Fatal(err)
	}
	items := list.(*widgetList).Items
	if len(items) != 2 || items[0].ResourceVersion == "" || items[0].ResourceVersion == items[1].ResourceVersion {
		t.Fatalf("listed %+v, want two objects with distinct resourceVersions", items)
	}
	source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "c"}})
	source.remove("b")
	w, err := store.WatchObjects(testContext(), &metainternalversion.ListOptions{ResourceVersion: list.(*widgetList).ResourceVersion})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	var last uint64
	for _, want := range []string{"ADDED c", "DELETED b"} {
		event := next(t, w)
		if got := eventOf(event); got != want {
			t.Errorf("got %s, want %s", got, want)
		}
		rv, err := strconv.ParseUint(event.Object.(*widget).ResourceVersion, 10, 64)
		if err != nil || rv <= last {
			t.Errorf("%s has resourceVersion %q, want one above %d", want, event.Object.(*widget).ResourceVersion, last)
		}
		last = rv
	}
}

// A watch from a resourceVersion older than the window, or from another
// run of the server, is answered 410 Gone, so that its client lists again.
func TestHandlerWatchTooOld(t *testing.T) {
	store, source := newHandlerTestWindow(t, 2)
	rv := listVersion(t, store)
	for _, name := range []string{"a", "b", "c"} {
		source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: name}})
	}
	latest := listVersion(t, store)
	for _, from := range []string{rv, "1"} {
		if _, err := store.WatchObjects(testContext(), &metainternalversion.ListOptions{ResourceVersion: from}); !apierrors.IsResourceExpired(err) && !apierrors.IsGone(err) {
			t.Errorf("a watch from %s after three changes in a window of two: got %v, want 410 Gone", from, err)
		}
	}
	w, err := store.WatchObjects(testContext(), &metainternalversion.ListOptions{ResourceVersion: latest})
	if err != nil {
		t.Fatalf("a watch from the latest version: %v", err)
	}
	w.Stop()
}

// A watch from resourceVersion "0" without initial events starts at the
// latest change: nothing is replayed, and nothing is refused.
func TestHandlerWatchFromAnyWithoutInitialEvents(t *testing.T) {
	store, source := newHandlerTest(t)
	source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "a"}})
	no := false
	w, err := store.WatchObjects(testContext(), &metainternalversion.ListOptions{ResourceVersion: "0", SendInitialEvents: &no})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "b"}})
	if got := eventOf(next(t, w)); got != "ADDED b" {
		t.Errorf("got %s, want ADDED b only", got)
	}
}

// A watch that asks for bookmarks gets them while nothing changes, at a
// version it can resume from.
func TestHandlerWatchBookmarks(t *testing.T) {
	store, source := newHandlerTest(t)
	source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "a"}})
	rv := listVersion(t, store)
	w, err := store.WatchObjects(testContext(), &metainternalversion.ListOptions{ResourceVersion: rv, AllowWatchBookmarks: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	event := next(t, w)
	if event.Type != watch.Bookmark || event.Object.(*widget).ResourceVersion != rv {
		t.Errorf("got %s at %s, want a BOOKMARK at %s", event.Type, event.Object.(*widget).ResourceVersion, rv)
	}
	plain, err := store.WatchObjects(testContext(), &metainternalversion.ListOptions{ResourceVersion: rv})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Stop()
	select {
	case event := <-plain.ResultChan():
		t.Errorf("a watch without allowWatchBookmarks got %s", event.Type)
	case <-time.After(100 * time.Millisecond):
	}
}

// A dry run validates the write and answers as the write would, but the
// handler writes nothing.
func TestHandlerDryRun(t *testing.T) {
	store, source := newHandlerTest(t)
	source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "a"}, Spec: widgetSpec{Size: 1}})
	dryRun := []string{metav1.DryRunAll}
	if _, err := store.CreateObject(testContext(), &widget{ObjectMeta: metav1.ObjectMeta{Name: "b", Namespace: "ns"}}, nil, &metav1.CreateOptions{DryRun: dryRun}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.CreateObject(testContext(), &widget{ObjectMeta: metav1.ObjectMeta{Name: "a", Namespace: "ns"}}, nil, &metav1.CreateOptions{DryRun: dryRun}); !apierrors.IsAlreadyExists(err) {
		t.Errorf("a dry run of creating an existing name: got %v, want 409 AlreadyExists", err)
	}
	current := getHandled(t, store, "a")
	current.Spec.Size = 7
	if _, _, err := store.UpdateObject(testContext(), "a", rest.DefaultUpdatedObjectInfo(current), nil, nil, false, &metav1.UpdateOptions{DryRun: dryRun}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := store.DeleteObject(testContext(), "a", nil, &metav1.DeleteOptions{DryRun: dryRun}); err != nil {
		t.Fatal(err)
	}
	if source.writes != 0 {
		t.Errorf("the handler wrote %d times in dry runs, want none", source.writes)
	}
	if got := getHandled(t, store, "a"); got.Spec.Size != 1 {
		t.Errorf("a is %+v after dry runs, want it unchanged", got.Spec)
	}
	if _, err := store.GetObject(testContext(), "b", &metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("b after a dry-run create: got %v, want 404", err)
	}
}

func getHandled(t *testing.T, store *HandlerStore[*widget], name string) *widget {
	t.Helper()
	obj, err := store.GetObject(testContext(), name, &metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return obj.(*widget)
}

// An update carries the resourceVersion it read: it works twice in a row,
// each time with the version the last one returned, and a stale version is
// answered 409 Conflict, as an object in etcd is.
func TestHandlerUpdate(t *testing.T) {
	store, source := newHandlerTest(t)
	source.set(&widget{ObjectMeta: metav1.ObjectMeta{Name: "a"}, Spec: widgetSpec{Size: 1}})
	first := getHandled(t, store, "a")
	if first.ResourceVersion == "" {
		t.Fatal("a has no resourceVersion")
	}
	current := first
	for _, size := range []int{2, 3} {
		changed := current.DeepCopyObject().(*widget)
		changed.Spec.Size = size
		obj, _, err := store.UpdateObject(testContext(), "a", rest.DefaultUpdatedObjectInfo(changed), nil, nil, false, &metav1.UpdateOptions{})
		if err != nil {
			t.Fatalf("update to size %d: %v", size, err)
		}
		current = obj.(*widget)
		if current.ResourceVersion == changed.ResourceVersion {
			t.Errorf("the update to size %d kept resourceVersion %s", size, current.ResourceVersion)
		}
	}
	if got := getHandled(t, store, "a"); got.Spec.Size != 3 || got.ResourceVersion != current.ResourceVersion {
		t.Errorf("got %+v at %s, want size 3 at %s", got.Spec, got.ResourceVersion, current.ResourceVersion)
	}
	stale := first.DeepCopyObject().(*widget)
	stale.Spec.Size = 9
	if _, _, err := store.UpdateObject(testContext(), "a", rest.DefaultUpdatedObjectInfo(stale), nil, nil, false, &metav1.UpdateOptions{}); !apierrors.IsConflict(err) {
		t.Errorf("an update with a stale resourceVersion: got %v, want 409 Conflict", err)
	}
	stale.ResourceVersion = current.ResourceVersion
	if _, _, err := store.DeleteObject(testContext(), "a", nil, &metav1.DeleteOptions{Preconditions: &metav1.Preconditions{ResourceVersion: &first.ResourceVersion}}); !apierrors.IsConflict(err) {
		t.Errorf("a delete with a stale resourceVersion precondition: got %v, want 409 Conflict", err)
	}
}
