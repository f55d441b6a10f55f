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

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

// StatusStrategy is the update strategy of the status subresource: an update
// through it changes the status and nothing else, as for custom resources.
type StatusStrategy[T runtime.Object] struct {
	Strategy[T]
}

// NewStatusStrategy returns the status strategy that goes with a kind's strategy.
func NewStatusStrategy[T runtime.Object](strategy Strategy[T]) StatusStrategy[T] {
	return StatusStrategy[T]{Strategy: strategy}
}

// GetResetFields implements rest.ResetFieldsStrategy: it tells server-side
// apply that the status subresource does not own the spec, nor the metadata
// that PrepareForUpdate keeps from the stored object.
func (s StatusStrategy[T]) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return s.resetFields(
		fieldpath.MakePathOrDie("spec"),
		fieldpath.MakePathOrDie("metadata", "labels"),
		fieldpath.MakePathOrDie("metadata", "annotations"),
		fieldpath.MakePathOrDie("metadata", "finalizers"),
		fieldpath.MakePathOrDie("metadata", "ownerReferences"),
	)
}

// PrepareForUpdate implements rest.RESTUpdateStrategy. The object keeps its
// stored spec and metadata; only its status and its managed fields (which
// record who set which status field) come from the request.
func (s StatusStrategy[T]) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	o, oldObj := obj.(T), old.(T)
	managedFields := objectMeta(o).ManagedFields
	*objectMeta(o) = *objectMeta(oldObj).DeepCopy()
	objectMeta(o).ManagedFields = managedFields
	s.kind.Status.CopySpec(o, oldObj.DeepCopyObject().(T))
}

// ValidateUpdate implements rest.RESTUpdateStrategy. Only the status has
// changed, so only the StatusValidator hook runs.
func (s StatusStrategy[T]) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	o, oldObj := obj.(T), old.(T)
	if v, ok := any(o).(StatusValidator[T]); ok {
		return v.ValidateStatusUpdate(ctx, oldObj)
	}
	return nil
}

// WarningsOnUpdate implements rest.RESTUpdateStrategy.
func (s StatusStrategy[T]) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return nil
}

// StatusREST serves the status subresource: get, update and patch, on the
// same objects as the main resource.
type StatusREST struct {
	store *genericregistry.Store
}

var (
	_ rest.Patcher             = &StatusREST{}
	_ rest.TableConvertor      = &StatusREST{}
	_ rest.ResetFieldsStrategy = &StatusREST{}
)

// New implements rest.Storage.
func (r *StatusREST) New() runtime.Object {
	return r.store.New()
}

// Destroy implements rest.Storage. It does nothing: the etcd storage is shared
// with the main resource, which destroys it.
func (r *StatusREST) Destroy() {}

// Get implements rest.Getter, so that clients can read the status and patch it.
func (r *StatusREST) Get(ctx context.Context, name string, options *metav1.GetOptions) (runtime.Object, error) {
	return r.store.Get(ctx, name, options)
}

// Update implements rest.Updater. It never creates an object.
func (r *StatusREST) Update(ctx context.Context, name string, objInfo rest.UpdatedObjectInfo, createValidation rest.ValidateObjectFunc, updateValidation rest.ValidateObjectUpdateFunc, forceAllowCreate bool, options *metav1.UpdateOptions) (runtime.Object, bool, error) {
	return r.store.Update(ctx, name, objInfo, createValidation, updateValidation, false, options)
}

// GetResetFields implements rest.ResetFieldsStrategy.
func (r *StatusREST) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return r.store.GetResetFields()
}

// ConvertToTable implements rest.TableConvertor.
func (r *StatusREST) ConvertToTable(ctx context.Context, object runtime.Object, tableOptions runtime.Object) (*metav1.Table, error) {
	return r.store.ConvertToTable(ctx, object, tableOptions)
}
