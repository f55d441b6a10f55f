/*
Copyright 2026 The Demo Authors.

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
	"sort"
	"strconv"
	"time"

	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
)

// Handler computes or fetches the objects of a kind that is not stored in
// etcd, as metrics-server computes its metrics: the kind's handler.go
// implements it. namespace is the request's namespace; it is
// metav1.NamespaceAll for a cluster-scoped kind, and for a list or watch
// across all namespaces.
type Handler[T runtime.Object] struct {
	// Get returns one object, or a NotFound error.
	Get func(ctx context.Context, namespace, name string) (T, error)
	// List returns every object of namespace. The registry selects among
	// them by labels and fields, and sorts them.
	List func(ctx context.Context, namespace string) ([]T, error)
	// Watch is optional: when the handler has no events of its own, a watch
	// lists every PollInterval and sends what changed.
	Watch func(ctx context.Context, namespace string) (watch.Interface, error)
	// PollInterval is how often a watch without Watch lists; 10 seconds
	// when zero.
	PollInterval time.Duration

	// Create, Update and Delete are set for the verbs the kind serves. The
	// object passed has been defaulted and validated by the kind's hooks.
	Create func(ctx context.Context, obj T) (T, error)
	Update func(ctx context.Context, obj T) (T, error)
	Delete func(ctx context.Context, namespace, name string) error
}

// HandlerStore serves a kind through its Handler. It has what every verb
// needs (the kind's scope, names, table and New), and one method per verb
// whose name is not that of the rest interface: the kind's storage.go
// declares the rest methods (Get, List, Watch, Create...) of the verbs it
// serves, each calling one of these, so discovery lists exactly those verbs
// and the others are answered 405 Method Not Allowed.
type HandlerStore[T runtime.Object] struct {
	tableConvertor[T]
	kind     Kind[T]
	strategy Strategy[T]
	handler  Handler[T]
}

var (
	_ rest.Storage              = &HandlerStore[runtime.Object]{}
	_ rest.Scoper               = &HandlerStore[runtime.Object]{}
	_ rest.SingularNameProvider = &HandlerStore[runtime.Object]{}
	_ rest.ShortNamesProvider   = &HandlerStore[runtime.Object]{}
	_ rest.CategoriesProvider   = &HandlerStore[runtime.Object]{}
	_ rest.TableConvertor       = &HandlerStore[runtime.Object]{}
)

// NewHandlerStore returns the store of a kind served by handler. The kind's
// hooks apply as for a kind in etcd: defaults and validation on create and
// update, the table's columns, and the fields lists select by.
func NewHandlerStore[T runtime.Object](scheme *runtime.Scheme, kind Kind[T], handler Handler[T]) (*HandlerStore[T], error) {
	if handler.Get == nil || handler.List == nil {
		return nil, fmt.Errorf("the handler of %s has no Get or no List", kind.Resource)
	}
	if kind.Status != nil || kind.Scale != nil || len(kind.Subresources) > 0 {
		return nil, fmt.Errorf("%s is served by a handler, which serves no subresources", kind.Resource)
	}
	strategy, err := NewStrategy(scheme, kind)
	if err != nil {
		return nil, err
	}
	if err := addFieldLabelConversions(scheme, strategy); err != nil {
		return nil, err
	}
	if handler.PollInterval <= 0 {
		handler.PollInterval = 10 * time.Second
	}
	return &HandlerStore[T]{tableConvertor: newTableConvertor(kind), kind: kind, strategy: strategy, handler: handler}, nil
}

// New implements rest.Storage.
func (s *HandlerStore[T]) New() runtime.Object { return s.kind.New() }

// NewList returns an empty list of the kind, for rest.Lister.
func (s *HandlerStore[T]) NewList() runtime.Object { return s.kind.NewList() }

// Destroy implements rest.Storage. The handler holds nothing to release.
func (s *HandlerStore[T]) Destroy() {}

// NamespaceScoped implements rest.Scoper.
func (s *HandlerStore[T]) NamespaceScoped() bool { return s.kind.NamespaceScoped }

// GetSingularName implements rest.SingularNameProvider.
func (s *HandlerStore[T]) GetSingularName() string { return s.kind.SingularResource.Resource }

// ShortNames implements rest.ShortNamesProvider.
func (s *HandlerStore[T]) ShortNames() []string { return s.kind.ShortNames }

// Categories implements rest.CategoriesProvider.
func (s *HandlerStore[T]) Categories() []string { return s.kind.Categories }

// namespace is the request's namespace, or NamespaceAll for a
// cluster-scoped kind.
func (s *HandlerStore[T]) namespace(ctx context.Context) string {
	if !s.kind.NamespaceScoped {
		return metav1.NamespaceAll
	}
	return genericapirequest.NamespaceValue(ctx)
}

// GetObject is rest.Getter's Get.
func (s *HandlerStore[T]) GetObject(ctx context.Context, name string, _ *metav1.GetOptions) (runtime.Object, error) {
	return s.handler.Get(ctx, s.namespace(ctx), name)
}

// ListObjects is rest.Lister's List: the handler's objects that match the
// label and field selectors, sorted by namespace and name as etcd lists them.
func (s *HandlerStore[T]) ListObjects(ctx context.Context, options *metainternalversion.ListOptions) (runtime.Object, error) {
	items, err := s.selected(ctx, options)
	if err != nil {
		return nil, err
	}
	list := s.kind.NewList()
	objects := make([]runtime.Object, len(items))
	for i, item := range items {
		objects[i] = item
	}
	if err := meta.SetList(list, objects); err != nil {
		return nil, err
	}
	// The list's resourceVersion is opaque: a watch from it (kubectl get -w)
	// sends changes after the list, not every object again.
	listMeta, err := meta.ListAccessor(list)
	if err != nil {
		return nil, err
	}
	listMeta.SetResourceVersion(strconv.FormatInt(time.Now().UnixMilli(), 10))
	return list, nil
}

// selected lists the handler's objects that match options' selectors.
func (s *HandlerStore[T]) selected(ctx context.Context, options *metainternalversion.ListOptions) ([]T, error) {
	items, err := s.handler.List(ctx, s.namespace(ctx))
	if err != nil {
		return nil, err
	}
	labelSelector, fieldSelector := labels.Everything(), fields.Everything()
	if options != nil && options.LabelSelector != nil {
		labelSelector = options.LabelSelector
	}
	if options != nil && options.FieldSelector != nil {
		fieldSelector = options.FieldSelector
	}
	matched := make([]T, 0, len(items))
	for _, item := range items {
		itemLabels, itemFields, err := s.strategy.GetAttrs(item)
		if err != nil {
			return nil, err
		}
		if labelSelector.Matches(itemLabels) && fieldSelector.Matches(itemFields) {
			matched = append(matched, item)
		}
	}
	sort.Slice(matched, func(i, j int) bool { return key(matched[i]) < key(matched[j]) })
	return matched, nil
}

// key orders and identifies objects: namespace/name.
func key(obj runtime.Object) string {
	m := objectMeta(obj)
	return m.Namespace + "/" + m.Name
}

// WatchObjects is rest.Watcher's Watch: the handler's own Watch, filtered by
// the selectors, or else a poll of List that sends what changed.
func (s *HandlerStore[T]) WatchObjects(ctx context.Context, options *metainternalversion.ListOptions) (watch.Interface, error) {
	if s.handler.Watch == nil {
		return s.poll(ctx, options)
	}
	w, err := s.handler.Watch(ctx, s.namespace(ctx))
	if err != nil {
		return nil, err
	}
	return watch.Filter(w, func(event watch.Event) (watch.Event, bool) {
		obj, ok := event.Object.(T)
		if !ok {
			return event, true // errors and bookmarks pass
		}
		itemLabels, itemFields, err := s.strategy.GetAttrs(obj)
		return event, err == nil && (options == nil || options.LabelSelector == nil || options.LabelSelector.Matches(itemLabels)) &&
			(options == nil || options.FieldSelector == nil || options.FieldSelector.Matches(itemFields))
	}), nil
}

// poll lists every PollInterval and sends the difference with the list
// before: ADDED, MODIFIED (the object changed in any way) and DELETED. A
// watch from no resourceVersion (or "0") starts with every object ADDED, as
// the API server's does; from a list's, it sends changes only. An object
// that stops matching the selectors is DELETED, as with etcd.
func (s *HandlerStore[T]) poll(ctx context.Context, options *metainternalversion.ListOptions) (watch.Interface, error) {
	// The first list is taken before the watch is returned, so that nothing
	// that changes after the request is missed.
	items, err := s.selected(ctx, options)
	if err != nil {
		return nil, err
	}
	events := make(chan watch.Event)
	w := watch.NewProxyWatcher(events)
	var before map[string]T
	if options != nil && options.ResourceVersion != "" && options.ResourceVersion != "0" {
		before = byKey(items)
	}
	go func() {
		defer close(events)
		send := func(event watch.Event) bool {
			select {
			case events <- event:
				return true
			case <-w.StopChan():
				return false
			case <-ctx.Done():
				return false
			}
		}
		ticker := time.NewTicker(s.handler.PollInterval)
		defer ticker.Stop()
		for {
			now := byKey(items)
			for _, event := range diff(before, now, items) {
				if !send(event) {
					return
				}
			}
			before = now
			select {
			case <-ticker.C:
			case <-w.StopChan():
				return
			case <-ctx.Done():
				return
			}
			var err error
			if items, err = s.selected(ctx, options); err != nil {
				send(watch.Event{Type: watch.Error, Object: statusOf(err)})
				return
			}
		}
	}()
	return w, nil
}

func byKey[T runtime.Object](items []T) map[string]T {
	m := make(map[string]T, len(items))
	for _, item := range items {
		m[key(item)] = item
	}
	return m
}

// diff returns the events that turn before into now; items is now in order.
func diff[T runtime.Object](before, now map[string]T, items []T) []watch.Event {
	var events []watch.Event
	for _, item := range items {
		old, existed := before[key(item)]
		switch {
		case !existed:
			events = append(events, watch.Event{Type: watch.Added, Object: item})
		case !apiequality.Semantic.DeepEqual(old, item):
			events = append(events, watch.Event{Type: watch.Modified, Object: item})
		}
	}
	gone := make([]string, 0)
	for k := range before {
		if _, ok := now[k]; !ok {
			gone = append(gone, k)
		}
	}
	sort.Strings(gone)
	for _, k := range gone {
		events = append(events, watch.Event{Type: watch.Deleted, Object: before[k]})
	}
	return events
}

// statusOf makes any error an API status, so a watch can send it.
func statusOf(err error) *metav1.Status {
	if status, ok := err.(apierrors.APIStatus); ok {
		s := status.Status()
		return &s
	}
	s := apierrors.NewInternalError(err).ErrStatus
	return &s
}

// CreateObject is rest.Creater's Create: the kind's defaults and validation,
// then the handler's Create.
func (s *HandlerStore[T]) CreateObject(ctx context.Context, obj runtime.Object, createValidation rest.ValidateObjectFunc, _ *metav1.CreateOptions) (runtime.Object, error) {
	// A uid and a creation time, as the etcd store gives every new object.
	rest.FillObjectMetaSystemFields(objectMeta(obj))
	if err := rest.BeforeCreate(s.strategy, ctx, obj); err != nil {
		return nil, err
	}
	if createValidation != nil {
		if err := createValidation(ctx, obj.DeepCopyObject()); err != nil {
			return nil, err
		}
	}
	return s.handler.Create(ctx, obj.(T))
}

// UpdateObject is rest.Updater's Update (and so patch): the handler's
// object, changed as the request says, validated against it, then the
// handler's Update. There is no create on update.
func (s *HandlerStore[T]) UpdateObject(ctx context.Context, name string, objInfo rest.UpdatedObjectInfo, _ rest.ValidateObjectFunc, updateValidation rest.ValidateObjectUpdateFunc, _ bool, _ *metav1.UpdateOptions) (runtime.Object, bool, error) {
	old, err := s.handler.Get(ctx, s.namespace(ctx), name)
	if err != nil {
		return nil, false, err
	}
	obj, err := objInfo.UpdatedObject(ctx, old)
	if err != nil {
		return nil, false, err
	}
	if err := rest.BeforeUpdate(s.strategy, ctx, obj, old); err != nil {
		return nil, false, err
	}
	if updateValidation != nil {
		if err := updateValidation(ctx, obj.DeepCopyObject(), old.DeepCopyObject()); err != nil {
			return nil, false, err
		}
	}
	updated, err := s.handler.Update(ctx, obj.(T))
	return updated, false, err
}

// DeleteObject is rest.GracefulDeleter's Delete: the object is gone at once.
func (s *HandlerStore[T]) DeleteObject(ctx context.Context, name string, deleteValidation rest.ValidateObjectFunc, _ *metav1.DeleteOptions) (runtime.Object, bool, error) {
	namespace := s.namespace(ctx)
	obj, err := s.handler.Get(ctx, namespace, name)
	if err != nil {
		return nil, false, err
	}
	if deleteValidation != nil {
		if err := deleteValidation(ctx, obj.DeepCopyObject()); err != nil {
			return nil, false, err
		}
	}
	if err := s.handler.Delete(ctx, namespace, name); err != nil {
		return nil, false, err
	}
	return obj, true, nil
}
