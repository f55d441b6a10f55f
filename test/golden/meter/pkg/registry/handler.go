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
	"sort"
	"strconv"
	"sync"
	"time"

	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/util/dryrun"
)

// Handler computes or fetches the objects of a kind that is not stored in
// etcd, as metrics-server computes its metrics: the kind's handler.go
// implements it. namespace is the request's namespace; it is
// metav1.NamespaceAll for a cluster-scoped kind, and for a list or watch
// across all namespaces.
//
// The store owns metadata.resourceVersion: whatever the handler sets there
// is replaced by a version that grows with every change the store sees.
type Handler[T runtime.Object] struct {
	// Get returns one object, or a NotFound error.
	Get func(ctx context.Context, namespace, name string) (T, error)
	// List returns every object of namespace. The registry selects among
	// them by labels and fields, and sorts them. Lists, and watches, read
	// every namespace at once: keep List cheap (read from an informer's
	// cache rather than a remote system on every call).
	List func(ctx context.Context, namespace string) ([]T, error)
	// Watch is optional: the events of a handler that has its own make the
	// store list at once rather than at the next PollInterval.
	Watch func(ctx context.Context, namespace string) (watch.Interface, error)
	// PollInterval is how often the store lists while someone watches, and
	// how often a watch that asked for bookmarks gets one; 10 seconds when
	// zero.
	PollInterval time.Duration
	// EventWindow is how many recent changes a watch can resume from; a
	// watch from an older resourceVersion is answered 410 Gone and its
	// client lists again. 1000 when zero.
	EventWindow int

	// Create, Update and Delete are set for the verbs the kind serves. The
	// object passed has been defaulted and validated by the kind's hooks.
	// None is called for a dry run.
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
	// source is what lists, watches and resourceVersions come from: one per
	// kind, shared by every request.
	source *handlerSource[T]
	// writes serializes create, update and delete, so that the
	// resourceVersion an update is checked against is still the object's
	// when the handler writes it.
	writes sync.Mutex
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
	if handler.EventWindow <= 0 {
		handler.EventWindow = 1000
	}
	return &HandlerStore[T]{
		tableConvertor: newTableConvertor(kind),
		kind:           kind,
		strategy:       strategy,
		handler:        handler,
		source:         newHandlerSource(handler, kind.New),
	}, nil
}

// New implements rest.Storage.
func (s *HandlerStore[T]) New() runtime.Object { return s.kind.New() }

// NewList returns an empty list of the kind, for rest.Lister.
func (s *HandlerStore[T]) NewList() runtime.Object { return s.kind.NewList() }

// Destroy implements rest.Storage: it stops the source's polling.
func (s *HandlerStore[T]) Destroy() { s.source.stop() }

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

// GetObject is rest.Getter's Get: the handler's object, with the
// resourceVersion of the change that made it what it is.
func (s *HandlerStore[T]) GetObject(ctx context.Context, name string, _ *metav1.GetOptions) (runtime.Object, error) {
	return s.current(ctx, name)
}

func (s *HandlerStore[T]) current(ctx context.Context, name string) (T, error) {
	obj, err := s.handler.Get(ctx, s.namespace(ctx), name)
	if err != nil {
		return obj, err
	}
	return s.source.versioned(ctx, obj)
}

// ListObjects is rest.Lister's List: the handler's objects that match the
// label and field selectors, sorted by namespace and name as etcd lists them.
// The list's resourceVersion is that of the last change the source saw: a
// watch from it starts right after the list.
func (s *HandlerStore[T]) ListObjects(ctx context.Context, options *metainternalversion.ListOptions) (runtime.Object, error) {
	if err := s.source.refresh(ctx); err != nil {
		return nil, err
	}
	match, err := s.matcher(ctx, options)
	if err != nil {
		return nil, err
	}
	items, rv := s.source.snapshot(match)
	list := s.kind.NewList()
	objects := make([]runtime.Object, len(items))
	for i, item := range items {
		objects[i] = item
	}
	if err := meta.SetList(list, objects); err != nil {
		return nil, err
	}
	listMeta, err := meta.ListAccessor(list)
	if err != nil {
		return nil, err
	}
	listMeta.SetResourceVersion(formatVersion(rv))
	return list, nil
}

// matcher tells whether an object is in the request's namespace and
// matches its selectors.
func (s *HandlerStore[T]) matcher(ctx context.Context, options *metainternalversion.ListOptions) (func(T) bool, error) {
	namespace := s.namespace(ctx)
	return func(obj T) bool {
		if namespace != metav1.NamespaceAll && objectMeta(obj).Namespace != namespace {
			return false
		}
		if options == nil || (options.LabelSelector == nil && options.FieldSelector == nil) {
			return true
		}
		itemLabels, itemFields, err := s.strategy.GetAttrs(obj)
		if err != nil {
			return false
		}
		return (options.LabelSelector == nil || options.LabelSelector.Matches(itemLabels)) &&
			(options.FieldSelector == nil || options.FieldSelector.Matches(itemFields))
	}, nil
}

// key orders and identifies objects: namespace/name.
func key(obj runtime.Object) string {
	m := objectMeta(obj)
	return m.Namespace + "/" + m.Name
}

// WatchObjects is rest.Watcher's Watch, as the API server's watch cache
// answers it. With sendInitialEvents (client-go's streaming list), every
// object is ADDED and a bookmark annotated k8s.io/initial-events-end follows;
// without a resourceVersion (or with "0") every object is ADDED; from a
// resourceVersion, the changes after it are replayed from the source's
// window, or 410 Gone answers one older than the window. Bookmarks are sent
// when asked for.
func (s *HandlerStore[T]) WatchObjects(ctx context.Context, options *metainternalversion.ListOptions) (watch.Interface, error) {
	if options == nil {
		options = &metainternalversion.ListOptions{}
	}
	match, err := s.matcher(ctx, options)
	if err != nil {
		return nil, err
	}
	initial := options.ResourceVersion == "" || options.ResourceVersion == "0"
	if options.SendInitialEvents != nil {
		initial = *options.SendInitialEvents
	}
	var from uint64
	if options.ResourceVersion != "" && options.ResourceVersion != "0" {
		if from, err = strconv.ParseUint(options.ResourceVersion, 10, 64); err != nil {
			return nil, apierrors.NewBadRequest(fmt.Sprintf("invalid resource version %q", options.ResourceVersion))
		}
	}
	// What changed since the last poll is seen before the watch starts, so a
	// watch from a list's resourceVersion misses nothing that happened
	// between the two.
	if err := s.source.refresh(ctx); err != nil {
		return nil, err
	}
	return s.source.watch(ctx, watchStart{
		initial:      initial,
		initialEnd:   options.SendInitialEvents != nil && *options.SendInitialEvents,
		from:         from,
		bookmarks:    options.AllowWatchBookmarks,
		fromLatest:   !initial && from == 0,
		resourceName: s.kind.Resource.String(),
	}, match)
}

// CreateObject is rest.Creater's Create: the kind's defaults and validation,
// then the handler's Create, unless the request is a dry run.
func (s *HandlerStore[T]) CreateObject(ctx context.Context, obj runtime.Object, createValidation rest.ValidateObjectFunc, options *metav1.CreateOptions) (runtime.Object, error) {
	s.writes.Lock()
	defer s.writes.Unlock()
	// A uid and a creation time, as the etcd store gives every new object.
	rest.FillObjectMetaSystemFields(objectMeta(obj))
	objectMeta(obj).ResourceVersion = ""
	if err := rest.BeforeCreate(s.strategy, ctx, obj); err != nil {
		return nil, err
	}
	if createValidation != nil {
		if err := createValidation(ctx, obj.DeepCopyObject()); err != nil {
			return nil, err
		}
	}
	name := objectMeta(obj).Name
	if _, err := s.handler.Get(ctx, s.namespace(ctx), name); err == nil {
		return nil, apierrors.NewAlreadyExists(s.kind.Resource, name)
	} else if !apierrors.IsNotFound(err) {
		return nil, err
	}
	if options != nil && dryrun.IsDryRun(options.DryRun) {
		return obj, nil
	}
	created, err := s.handler.Create(ctx, obj.(T))
	if err != nil {
		return nil, err
	}
	return s.source.written(watch.Added, created), nil
}

// UpdateObject is rest.Updater's Update (and so patch): the handler's
// object, changed as the request says, validated against it, then the
// handler's Update, unless the request is a dry run. An update that carries
// a resourceVersion other than the object's is refused with 409 Conflict, as
// etcd's store does. There is no create on update.
func (s *HandlerStore[T]) UpdateObject(ctx context.Context, name string, objInfo rest.UpdatedObjectInfo, _ rest.ValidateObjectFunc, updateValidation rest.ValidateObjectUpdateFunc, _ bool, options *metav1.UpdateOptions) (runtime.Object, bool, error) {
	s.writes.Lock()
	defer s.writes.Unlock()
	old, err := s.current(ctx, name)
	if err != nil {
		return nil, false, err
	}
	obj, err := objInfo.UpdatedObject(ctx, old)
	if err != nil {
		return nil, false, err
	}
	if rv := objectMeta(obj).ResourceVersion; rv != "" && rv != objectMeta(old).ResourceVersion {
		return nil, false, apierrors.NewConflict(s.kind.Resource, name, fmt.Errorf("%s", genericregistry.OptimisticLockErrorMsg))
	}
	if err := rest.BeforeUpdate(s.strategy, ctx, obj, old); err != nil {
		return nil, false, err
	}
	if updateValidation != nil {
		if err := updateValidation(ctx, obj.DeepCopyObject(), old.DeepCopyObject()); err != nil {
			return nil, false, err
		}
	}
	if options != nil && dryrun.IsDryRun(options.DryRun) {
		return obj, false, nil
	}
	updated, err := s.handler.Update(ctx, obj.(T))
	if err != nil {
		return nil, false, err
	}
	return s.source.written(watch.Modified, updated), false, nil
}

// DeleteObject is rest.GracefulDeleter's Delete: the object is gone at once,
// unless the request is a dry run or its preconditions do not hold.
func (s *HandlerStore[T]) DeleteObject(ctx context.Context, name string, deleteValidation rest.ValidateObjectFunc, options *metav1.DeleteOptions) (runtime.Object, bool, error) {
	s.writes.Lock()
	defer s.writes.Unlock()
	obj, err := s.current(ctx, name)
	if err != nil {
		return nil, false, err
	}
	if options != nil && options.Preconditions != nil {
		m := objectMeta(obj)
		if p := options.Preconditions.UID; p != nil && *p != m.UID {
			return nil, false, apierrors.NewConflict(s.kind.Resource, name, fmt.Errorf("the UID in the precondition (%s) does not match the UID in record (%s); the object might have been deleted and then recreated", *p, m.UID))
		}
		if p := options.Preconditions.ResourceVersion; p != nil && *p != m.ResourceVersion {
			return nil, false, apierrors.NewConflict(s.kind.Resource, name, fmt.Errorf("the ResourceVersion in the precondition (%s) does not match the ResourceVersion in record (%s); the object might have been modified", *p, m.ResourceVersion))
		}
	}
	if deleteValidation != nil {
		if err := deleteValidation(ctx, obj.DeepCopyObject()); err != nil {
			return nil, false, err
		}
	}
	if options != nil && dryrun.IsDryRun(options.DryRun) {
		return obj, true, nil
	}
	if err := s.handler.Delete(ctx, s.namespace(ctx), name); err != nil {
		return nil, false, err
	}
	return s.source.written(watch.Deleted, obj), true, nil
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

func formatVersion(rv uint64) string { return strconv.FormatUint(rv, 10) }

// equalButVersion tells whether a and b differ in nothing but their
// resourceVersion.
func equalButVersion[T runtime.Object](a, b T) bool {
	a = a.DeepCopyObject().(T)
	objectMeta(a).ResourceVersion = objectMeta(b).ResourceVersion
	return apiequality.Semantic.DeepEqual(a, b)
}

// sortByKey sorts objects by namespace and name.
func sortByKey[T runtime.Object](objects []T) {
	sort.Slice(objects, func(i, j int) bool { return key(objects[i]) < key(objects[j]) })
}
