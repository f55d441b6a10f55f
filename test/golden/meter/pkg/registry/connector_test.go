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
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/rest"
)

// widgetLogOptions are the options of the widgets/log connector.
type widgetLogOptions struct {
	metav1.TypeMeta
	Lines int
}

func (o *widgetLogOptions) DeepCopyObject() runtime.Object {
	c := *o
	return &c
}

// newWidgetLog returns the storage of widgets/log over a store holding the
// widget ns/w, and counts the calls of the connector's Connect.
func newWidgetLog(t *testing.T, calls *int) rest.Connecter {
	return newWidgetConnector(t, calls, true, 0)
}

func newWidgetConnector(t *testing.T, calls *int, readOnly bool, maxStreams int) rest.Connecter {
	t.Helper()
	kind := widgetKind
	kind.Subresources = []Subresource[*widget]{
		Connector[*widget, *widgetLogOptions]{
			Name:       "log",
			ReadOnly:   readOnly,
			MaxStreams: maxStreams,
			NewOptions: func() *widgetLogOptions { return &widgetLogOptions{} },
			Connect: func(ctx context.Context, w *widget, opts *widgetLogOptions) (http.Handler, error) {
				*calls++
				return http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
					fmt.Fprintf(rw, "%s has size %d; %d lines", w.Name, w.Spec.Size, opts.Lines)
				}), nil
			},
		},
	}
	s := newWidgetStorage(t, kind, &widgetLogOptions{})
	createWidget(t, s, &widget{ObjectMeta: metav1.ObjectMeta{Name: "w"}, Spec: widgetSpec{Size: 3}})
	connecter, ok := s.Subresources["log"].(rest.Connecter)
	if !ok {
		t.Fatalf("widgets/log is a %T, not a rest.Connecter", s.Subresources["log"])
	}
	return connecter
}

func TestConnector(t *testing.T) {
	var calls int
	r := newWidgetLog(t, &calls)
	if _, ok := r.(rest.Storage).New().(*widgetLogOptions); !ok {
		t.Error("New does not return the options, so discovery would not list their kind")
	}
	if got := r.ConnectMethods(); !reflect.DeepEqual(got, []string{"GET"}) {
		t.Errorf("methods of a read-only connector are %v, want GET only", got)
	}
	var none int
	if got := newWidgetConnector(t, &none, false, 0).ConnectMethods(); !reflect.DeepEqual(got, []string{"POST"}) {
		t.Errorf("methods of a connector with side effects are %v, want POST only: authorization sees GET as get", got)
	}
	if opts, subpath, _ := r.NewConnectOptions(); subpath {
		t.Error("the options take a subpath")
	} else if _, ok := opts.(*widgetLogOptions); !ok {
		t.Errorf("connect options are a %T", opts)
	}

	ctx := testContext()
	handler, err := r.Connect(ctx, "w", &widgetLogOptions{Lines: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if got, want := rec.Body.String(), "w has size 3; 2 lines"; got != want {
		t.Errorf("handler wrote %q, want %q", got, want)
	}

	calls = 0
	if _, err := r.Connect(ctx, "missing", &widgetLogOptions{}, nil); !apierrors.IsNotFound(err) {
		t.Errorf("a missing widget gave %v, want NotFound", err)
	}
	if calls != 0 {
		t.Error("Connect was called for a missing widget")
	}

	if _, err := r.Connect(ctx, "w", &metav1.GetOptions{}, nil); !apierrors.IsInternalError(err) {
		t.Errorf("options of the wrong type gave %v, want an internal error", err)
	}
	if calls != 0 {
		t.Error("Connect was called with options of the wrong type")
	}
}

// A connector serves MaxStreams requests at once, and answers more with 429
// Too Many Requests until one ends.
func TestConnectorMaxStreams(t *testing.T) {
	var calls int
	r := newWidgetConnector(t, &calls, false, 1)
	ctx := testContext()
	first, err := r.Connect(ctx, "w", &widgetLogOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Connect(ctx, "w", &widgetLogOptions{}, nil); !apierrors.IsTooManyRequests(err) {
		t.Fatalf("a second stream gave %v, want 429 Too Many Requests", err)
	}
	// The first request is served, and ends.
	first.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/", nil))
	if _, err := r.Connect(ctx, "w", &widgetLogOptions{}, nil); err != nil {
		t.Errorf("after the first stream ended, got %v", err)
	}
}
