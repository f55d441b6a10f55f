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
	"errors"
	"fmt"
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
)

// Action is a subresource with a kind of its own, such as cats/NAME/feed
// served as a CatFeed. GET returns what Get makes of the object; PUT and
// PATCH send an S, which Update applies to the object.
//
// T is the kind's pointer type, such as *v1alpha1.Cat. S is the
// subresource's, such as *v1alpha1.CatFeed: it must embed metav1.ObjectMeta,
// which the registry fills in with the object's name, namespace, uid,
// resourceVersion and creationTimestamp, and be registered in the kind's
// group.
type Action[T, S runtime.Object] struct {
	// Name is the last segment of the subresource's path, such as "feed".
	Name string
	// New returns an empty S.
	New func() S
	// Get returns the subresource of obj, the object as it is stored. A
	// PATCH applies to what it returns, and the response to a PUT or PATCH
	// is what it returns for the saved object.
	Get func(ctx context.Context, obj T) (S, error)
	// Update changes obj, a copy of the stored object, as req asks. The
	// server saves obj as Update leaves it, status included, after running
	// the kind's validation hooks. Return an API error, such as
	// apierrors.NewInvalid, to refuse the request. Optional: without it the
	// subresource is read-only.
	Update func(ctx context.Context, obj T, req S) error
}

var _ Subresource[runtime.Object] = Action[runtime.Object, runtime.Object]{}

func (a Action[T, S]) subresourceName() string {
	return a.Name
}

func (a Action[T, S]) newREST(kind Kind[T], store *genericregistry.Store, strategy Strategy[T]) (rest.Storage, error) {
	if a.New == nil || a.Get == nil {
		return nil, errors.New("an Action needs New and Get")
	}
	empty := a.New()
	if !hasObjectMeta(empty) {
		return nil, fmt.Errorf("%T must embed metav1.ObjectMeta: the server fills it in with the identity of the %s object", empty, kind.Resource)
	}
	// The installer looks up a subresource's kind in its resource's group.
	gvks, _, err := strategy.ObjectTyper.ObjectKinds(empty)
	if err != nil {
		return nil, fmt.Errorf("%T is not registered in the scheme: %w", empty, err)
	}
	inGroup := func(gvk schema.GroupVersionKind) bool { return gvk.Group == kind.Resource.Group }
	if !slices.ContainsFunc(gvks, inGroup) {
		return nil, fmt.Errorf("%T must be registered in group %s, not only as %v", empty, kind.Resource.Group, gvks)
	}

	resource := schema.GroupResource{Group: kind.Resource.Group, Resource: kind.Resource.Resource + "/" + a.Name}
	r := &actionREST[T, S]{
		store:    store,
		action:   a,
		resource: kind.Resource,
		table:    newTableConvertorFor(resource, empty),
	}
	// Discovery lists the update and patch verbs of storage that implements
	// rest.Updater, so a read-only action must not.
	if a.Update == nil {
		return r, nil
	}
	actionStore := *store
	actionStore.UpdateStrategy = actionStrategy[T]{Strategy: strategy}
	return &updatableActionREST[T, S]{actionREST: r, actionStore: &actionStore}, nil
}

// actionREST serves a read-only action: get.
type actionREST[T, S runtime.Object] struct {
	store    *genericregistry.Store
	action   Action[T, S]
	resource schema.GroupResource
	table    tableConvertor[S]
}

var (
	_ rest.Getter         = &actionREST[runtime.Object, runtime.Object]{}
	_ rest.TableConvertor = &actionREST[runtime.Object, runtime.Object]{}
)

// New implements rest.Storage.
func (r *actionREST[T, S]) New() runtime.Object {
	return r.action.New()
}

// Destroy implements rest.Storage. It does nothing: the etcd storage is shared
// with the main resource, which destroys it.
func (r *actionREST[T, S]) Destroy() {}

// Get implements rest.Getter.
func (r *actionREST[T, S]) Get(ctx context.Context, name string, options *metav1.GetOptions) (runtime.Object, error) {
	obj, err := r.store.Get(ctx, name, options)
	if err != nil {
		return nil, err
	}
	return r.get(ctx, obj.(T))
}

// get returns the subresource of obj, with obj's identity as its metadata.
func (r *actionREST[T, S]) get(ctx context.Context, obj T) (S, error) {
	s, err := r.action.Get(ctx, obj)
	if err != nil {
		return s, err
	}
	*objectMeta(s) = identityMeta(objectMeta(obj))
	return s, nil
}

// ConvertToTable implements rest.TableConvertor: NAME, the columns of S's
// TablePrinter hook, and AGE.
func (r *actionREST[T, S]) ConvertToTable(ctx context.Context, object runtime.Object, tableOptions runtime.Object) (*metav1.Table, error) {
	return r.table.ConvertToTable(ctx, object, tableOptions)
}

// updatableActionREST serves an action with an Update: get, update and patch.
type updatableActionREST[T, S runtime.Object] struct {
	*actionREST[T, S]
	// actionStore shares the main store's etcd storage, with actionStrategy
	// as its update strategy.
	actionStore *genericregistry.Store
}

var _ rest.Patcher = &updatableActionREST[runtime.Object, runtime.Object]{}

// Update implements rest.Updater; patches come through it too. It never
// creates an object.
func (r *updatableActionREST[T, S]) Update(ctx context.Context, name string, objInfo rest.UpdatedObjectInfo, createValidation rest.ValidateObjectFunc, updateValidation rest.ValidateObjectUpdateFunc, forceAllowCreate bool, options *metav1.UpdateOptions) (runtime.Object, bool, error) {
	info := &subresourceObjectInfo[T, S]{
		resource: r.resource,
		name:     name,
		request:  objInfo,
		get:      r.get,
		apply:    r.action.Update,
	}
	obj, _, err := r.actionStore.Update(ctx, name, info,
		subresourceCreateValidation(createValidation, r.get),
		subresourceUpdateValidation(updateValidation, r.get),
		false, options)
	if err != nil {
		return nil, false, err
	}
	resp, err := r.get(ctx, obj.(T))
	if err != nil {
		return nil, false, err
	}
	return resp, false, nil
}

// actionStrategy is the update strategy of actions. Unlike the main resource
// and the status subresource, an action may change any part of the object,
// so the object is saved as the action's Update left it.
type actionStrategy[T runtime.Object] struct {
	Strategy[T]
}

// PrepareForUpdate implements rest.RESTUpdateStrategy. As on the main
// resource, the generation counts changes of the spec: a change of the
// metadata or the status alone keeps it.
func (s actionStrategy[T]) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	o, oldObj := obj.(T), old.(T)
	withOldStatus := o
	if s.kind.Status != nil {
		withOldStatus = o.DeepCopyObject().(T)
		s.kind.Status.CopyStatus(withOldStatus, oldObj)
	}
	if !equalIgnoringMetadata(withOldStatus, oldObj) {
		objectMeta(o).Generation = objectMeta(oldObj).Generation + 1
	}
}

// ValidateUpdate implements rest.RESTUpdateStrategy. An action may change
// the spec and the status, so the hooks of both run.
func (s actionStrategy[T]) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	errs := s.Strategy.ValidateUpdate(ctx, obj, old)
	if v, ok := obj.(StatusValidator[T]); ok {
		errs = append(errs, s.renames.inRequestVersion(ctx, v.ValidateStatusUpdate(ctx, old.(T)))...)
	}
	return errs
}
