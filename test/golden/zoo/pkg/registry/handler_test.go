/*
Copyright 2026 The Zoo Authors.

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
	"reflect"
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
)

// widgetSource is a handler's data: widgets by name, in namespace ns, that a
// test changes between polls.
type widgetSource struct {
	mu      sync.Mutex
	widgets map[string]*widget
	created []*widget
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
		Create: func(_ context.Context, w *widget) (*widget, error) {
			source.created = append(source.created, w)
			return w, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
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
		ResourceVersion: "1",
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
	if len(source.created) != 1 || obj.(*widget).Name != "good" {
		t.Errorf("the handler created %v, want good only", source.created)
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
