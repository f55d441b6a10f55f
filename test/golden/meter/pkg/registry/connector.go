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

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
)

// Connector is a subresource that hands requests to an HTTP handler of its
// own instead of reading or writing objects, as pods/log and pods/exec do.
// O are its options: the server decodes them from the query string, so O
// must be registered in the scheme and have a conversion from url.Values
// (+k8s:conversion-gen:explicit-from=net/url.Values on its type).
//
// The server treats requests to the Connector as long-running: they are not
// cut at the request timeout, and --max-requests-inflight does not count
// them, so MaxStreams caps them instead.
type Connector[T, O runtime.Object] struct {
	// Name is the last segment of the subresource's path, such as "log".
	Name string
	// ReadOnly declares that the handler changes nothing, as pods/log: it is
	// then served for GET, which authorization sees as the verb get, so
	// whoever may read the kind may use it. Otherwise it is served for POST
	// only, authorized as create, as pods/exec: a handler with side effects
	// must not be reachable with read permission alone.
	ReadOnly bool
	// MaxStreams is how many requests the handler serves at once; more are
	// answered 429 Too Many Requests. 0 means DefaultMaxStreams.
	MaxStreams int
	// NewOptions returns empty options, such as &v1alpha1.CatLogOptions{}.
	NewOptions func() O
	// Connect returns the handler of one request to obj's subresource. obj
	// exists: a request for a missing object is answered 404 Not Found
	// before Connect is called. A streaming handler should return when the
	// request's context is done.
	Connect func(ctx context.Context, obj T, opts O) (http.Handler, error)
}

// DefaultMaxStreams is how many requests a Connector serves at once unless
// it sets MaxStreams.
const DefaultMaxStreams = 100

var _ Subresource[runtime.Object] = Connector[runtime.Object, runtime.Object]{}

func (c Connector[T, O]) subresourceName() string {
	return c.Name
}

func (c Connector[T, O]) newREST(kind Kind[T], store *genericregistry.Store, _ Strategy[T]) (rest.Storage, error) {
	if c.NewOptions == nil || c.Connect == nil {
		return nil, fmt.Errorf("connector %q needs NewOptions and Connect", c.Name)
	}
	if c.MaxStreams < 0 {
		return nil, fmt.Errorf("connector %q: MaxStreams must not be negative", c.Name)
	}
	streams := c.MaxStreams
	if streams == 0 {
		streams = DefaultMaxStreams
	}
	return &connectREST[T, O]{resource: kind.Resource, store: store, connector: c, streams: make(chan struct{}, streams)}, nil
}

// connectREST serves a Connector.
type connectREST[T, O runtime.Object] struct {
	resource  schema.GroupResource
	store     *genericregistry.Store
	connector Connector[T, O]
	// streams holds a token for each request being served.
	streams chan struct{}
}

var _ rest.Connecter = &connectREST[runtime.Object, runtime.Object]{}

// New implements rest.Storage. It returns the options, not the kind's object:
// discovery lists the subresource with the options' kind, as it lists
// pods/exec with PodExecOptions.
func (r *connectREST[T, O]) New() runtime.Object {
	return r.connector.NewOptions()
}

// Destroy implements rest.Storage. It does nothing: the store belongs to the
// main resource, which destroys it.
func (r *connectREST[T, O]) Destroy() {}

// ConnectMethods implements rest.Connecter: GET for a read-only connector,
// POST otherwise.
func (r *connectREST[T, O]) ConnectMethods() []string {
	if r.connector.ReadOnly {
		return []string{http.MethodGet}
	}
	return []string{http.MethodPost}
}

// NewConnectOptions implements rest.Connecter. The subresource has no path
// below it, so no options field receives one.
func (r *connectREST[T, O]) NewConnectOptions() (runtime.Object, bool, string) {
	return r.connector.NewOptions(), false, ""
}

// Connect implements rest.Connecter.
func (r *connectREST[T, O]) Connect(ctx context.Context, name string, options runtime.Object, _ rest.Responder) (http.Handler, error) {
	opts, ok := options.(O)
	if !ok {
		return nil, apierrors.NewInternalError(fmt.Errorf("%s/%s got options of type %T", r.resource, r.connector.Name, options))
	}
	// The handler may answer before it looks at the object, or not at all
	// (a stream that waits); reading it first makes a missing object a 404.
	obj, err := r.store.Get(ctx, name, &metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	select {
	case r.streams <- struct{}{}:
	default:
		return nil, apierrors.NewTooManyRequests(fmt.Sprintf("%s/%s serves %d requests at once already", r.resource, r.connector.Name, cap(r.streams)), 1)
	}
	handler, err := r.connector.Connect(ctx, obj.(T), opts)
	if err != nil {
		<-r.streams
		return nil, err
	}
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		defer func() { <-r.streams }()
		handler.ServeHTTP(w, req)
	}), nil
}
