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
	"reflect"
	"sync"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/apiserver/pkg/storage/storagebackend"
	"k8s.io/apiserver/pkg/storage/storagebackend/factory"
	"k8s.io/client-go/tools/cache"
)

// fakeStorage is an in-memory storage.Interface with just what updates of
// single objects need, so that the registry's stores can be tested without
// etcd. Its other methods panic.
type fakeStorage struct {
	storage.Interface

	mu      sync.Mutex
	newFunc func() runtime.Object
	objects map[string]runtime.Object
	// ttls are the time to live of each object written with one, in seconds.
	ttls map[string]uint64
	rv   uint64
}

var versioner = storage.APIObjectVersioner{}

func (s *fakeStorage) Versioner() storage.Versioner { return versioner }

func (s *fakeStorage) ReadinessCheck() error { return nil }

func (s *fakeStorage) Create(ctx context.Context, key string, obj, out runtime.Object, ttl uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.objects[key]; ok {
		return storage.NewKeyExistsError(key, 0)
	}
	if ttl != 0 {
		s.ttls[key] = ttl
	}
	return s.save(key, obj, out)
}

func (s *fakeStorage) Get(ctx context.Context, key string, opts storage.GetOptions, out runtime.Object) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	obj, ok := s.objects[key]
	if !ok {
		if opts.IgnoreNotFound {
			return runtime.SetZeroValue(out)
		}
		return storage.NewKeyNotFoundError(key, 0)
	}
	return setInto(out, obj)
}

// GuaranteedUpdate behaves as etcd's: the update function sees a copy of the
// stored object, after the preconditions are checked.
func (s *fakeStorage) GuaranteedUpdate(ctx context.Context, key string, dest runtime.Object, ignoreNotFound bool, preconditions *storage.Preconditions, tryUpdate storage.UpdateFunc, cached runtime.Object) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	existing, ok := s.objects[key]
	if !ok {
		if !ignoreNotFound {
			return storage.NewKeyNotFoundError(key, 0)
		}
		existing = s.newFunc()
	}
	if ok {
		if err := preconditions.Check(key, existing); err != nil {
			return err
		}
	}
	rv, err := versioner.ObjectResourceVersion(existing)
	if err != nil {
		return err
	}
	out, ttl, err := tryUpdate(existing.DeepCopyObject(), storage.ResponseMeta{ResourceVersion: rv})
	if err != nil {
		return err
	}
	if ttl != nil {
		s.ttls[key] = *ttl
	}
	return s.save(key, out, dest)
}

func (s *fakeStorage) save(key string, obj, out runtime.Object) error {
	s.rv++
	obj = obj.DeepCopyObject()
	if err := versioner.UpdateObject(obj, s.rv); err != nil {
		return err
	}
	s.objects[key] = obj
	return setInto(out, obj)
}

func setInto(out, obj runtime.Object) error {
	reflect.ValueOf(out).Elem().Set(reflect.ValueOf(obj.DeepCopyObject()).Elem())
	return nil
}

// fakeRESTOptions stores objects in a fakeStorage.
func fakeRESTOptions() generic.RESTOptions {
	return fakeRESTOptionsIn(&fakeStorage{})
}

// fakeRESTOptionsIn stores objects in s.
func fakeRESTOptionsIn(s *fakeStorage) generic.RESTOptions {
	decorator := func(_ *storagebackend.ConfigForResource, _ string, _ func(runtime.Object) (string, error), newFunc, _ func() runtime.Object, _ storage.AttrFunc, _ storage.IndexerFuncs, _ *cache.Indexers) (storage.Interface, factory.DestroyFunc, error) {
		s.newFunc, s.objects, s.ttls = newFunc, map[string]runtime.Object{}, map[string]uint64{}
		return s, func() {}, nil
	}
	return generic.RESTOptions{
		StorageConfig:  &storagebackend.ConfigForResource{},
		Decorator:      decorator,
		ResourcePrefix: "widgets",
	}
}

// newWidgetStorage returns the storage of widgets described by kind, in
// memory. types are registered as well, as subresource kinds are.
func newWidgetStorage(t *testing.T, kind Kind[*widget], types ...runtime.Object) *Storage {
	t.Helper()
	kind.NewList = func() runtime.Object { return &widgetList{} }
	s, err := NewStorage(newWidgetScheme(types...), fakeRESTOptions(), kind)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testContext is the context of a request for namespace ns.
func testContext() context.Context {
	return genericapirequest.WithNamespace(genericapirequest.NewContext(), "ns")
}

// createWidget stores w through the main resource, then sets its status
// through the status subresource, and returns it as stored.
func createWidget(t *testing.T, s *Storage, w *widget) *widget {
	t.Helper()
	ctx := testContext()
	w.Namespace = "ns"
	obj, err := s.REST.(rest.Creater).Create(ctx, w.DeepCopyObject(), nil, &metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	created := obj.(*widget)
	if reflect.DeepEqual(w.Status, widgetStatus{}) {
		return created
	}
	created.Status = w.Status
	obj, _, err = s.Subresources["status"].(rest.Updater).Update(ctx, w.Name, rest.DefaultUpdatedObjectInfo(created), nil, nil, false, &metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return obj.(*widget)
}

// getWidget returns the stored widget.
func getWidget(t *testing.T, s *Storage, name string) *widget {
	t.Helper()
	obj, err := s.REST.(rest.Getter).Get(testContext(), name, &metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return obj.(*widget)
}
