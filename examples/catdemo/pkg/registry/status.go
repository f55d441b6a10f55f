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

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/labels"
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

// PrepareForUpdate implements rest.RESTUpdateStrategy. The object is the
// stored one with the request's status; its metadata is the request's, as
// for any update, but for the labels, annotations, finalizers and owner
// references, which only the main resource changes (GetResetFields names
// them). The generic store keeps the rest of the metadata that no update
// may change (uid, creation and deletion timestamps, generation).
func (s StatusStrategy[T]) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	o, oldObj := obj.(T), old.(T)
	updated := oldObj.DeepCopyObject().(T)
	s.kind.Status.CopyStatus(updated, o)
	m, stored := objectMeta(o), objectMeta(updated)
	m.Labels, m.Annotations, m.Finalizers, m.OwnerReferences = stored.Labels, stored.Annotations, stored.Finalizers, stored.OwnerReferences
	*stored = *m
	// obj is what the store saves: overwrite it with the result.
	reflect.ValueOf(o).Elem().Set(reflect.ValueOf(updated).Elem())
}

// ValidateUpdate implements rest.RESTUpdateStrategy. Only the status has
// changed, so only the status is checked: what every status must hold (see
// Status), then the StatusValidator hook. As on the main resource, an error
// the stored status has too is dropped while its value is unchanged.
func (s StatusStrategy[T]) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	o, oldObj := obj.(T), old.(T)
	errs := ratchet(s.validateStatus(o), s.validateStatus(oldObj), o, oldObj)
	if v, ok := any(o).(StatusValidator[T]); ok {
		errs = append(errs, v.ValidateStatusUpdate(ctx, oldObj)...)
	}
	return s.renames.inRequestVersion(ctx, errs)
}

// validateStatus checks what the registry knows of the kind's status: its
// conditions, and the replica count and selector of its scale subresource,
// which kubectl scale and the HorizontalPodAutoscaler read.
func (s StatusStrategy[T]) validateStatus(o T) field.ErrorList {
	var errs field.ErrorList
	status := field.NewPath("status")
	if conditions := s.kind.Status.Conditions; conditions != nil {
		errs = append(errs, metav1validation.ValidateConditions(conditions(o), status.Child("conditions"))...)
	}
	if scale := s.kind.Scale; scale != nil {
		if scale.StatusReplicas != nil {
			if replicas := scale.StatusReplicas(o); replicas < 0 {
				errs = append(errs, field.Invalid(status.Child("replicas"), replicas, "must be greater than or equal to 0"))
			}
		}
		if scale.Selector != nil {
			if selector := scale.Selector(o); selector != "" {
				if _, err := labels.Parse(selector); err != nil {
					errs = append(errs, field.Invalid(status.Child("selector"), selector, err.Error()))
				}
			}
		}
	}
	return errs
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
