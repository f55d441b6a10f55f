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

	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/api/validation/path"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/storage/names"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

// Strategy is the create, update and delete strategy of the main resource of
// any kind. What is specific to a kind comes from its Kind description and
// from the hook methods its Go type implements (see hooks.go).
type Strategy[T runtime.Object] struct {
	runtime.ObjectTyper
	names.NameGenerator

	kind Kind[T]
	// gvks are the group versions and kinds the kind is served as.
	gvks []schema.GroupVersionKind
	// versions are the API versions the kind is served in, as server-side
	// apply names them in reset fields (such as "animal.demo.io/v1alpha1").
	versions []fieldpath.APIVersion
}

var (
	_ rest.RESTCreateStrategy  = Strategy[runtime.Object]{}
	_ rest.RESTUpdateStrategy  = Strategy[runtime.Object]{}
	_ rest.RESTDeleteStrategy  = Strategy[runtime.Object]{}
	_ rest.ResetFieldsStrategy = Strategy[runtime.Object]{}
)

// NewStrategy returns the strategy for a kind registered in scheme.
func NewStrategy[T runtime.Object](scheme *runtime.Scheme, kind Kind[T]) (Strategy[T], error) {
	gvks, _, err := scheme.ObjectKinds(kind.New())
	if err != nil {
		return Strategy[T]{}, fmt.Errorf("kind of %s is not registered: %w", kind.Resource, err)
	}
	var served []schema.GroupVersionKind
	var versions []fieldpath.APIVersion
	for _, gvk := range gvks {
		// The type is also registered under the internal version, as its own
		// hub; clients never see that version.
		if gvk.Version != runtime.APIVersionInternal {
			served = append(served, gvk)
			versions = append(versions, fieldpath.APIVersion(gvk.GroupVersion().String()))
		}
	}
	return Strategy[T]{
		ObjectTyper:   scheme,
		NameGenerator: names.SimpleNameGenerator,
		kind:          kind,
		gvks:          served,
		versions:      versions,
	}, nil
}

// NamespaceScoped implements rest.RESTCreateStrategy and rest.RESTUpdateStrategy.
func (s Strategy[T]) NamespaceScoped() bool {
	return s.kind.NamespaceScoped
}

// GetResetFields implements rest.ResetFieldsStrategy: it tells server-side
// apply that the main resource does not own the status.
func (s Strategy[T]) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	if s.kind.Status == nil {
		return nil
	}
	return s.resetFields(fieldpath.MakePathOrDie("status"))
}

func (s Strategy[T]) resetFields(paths ...fieldpath.Path) map[fieldpath.APIVersion]*fieldpath.Set {
	fields := make(map[fieldpath.APIVersion]*fieldpath.Set, len(s.versions))
	for _, v := range s.versions {
		fields[v] = fieldpath.NewSet(paths...)
	}
	return fields
}

// PrepareForCreate implements rest.RESTCreateStrategy. A new object starts
// with an empty status and generation 1, then gets its defaults.
func (s Strategy[T]) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	o := obj.(T)
	if s.kind.Status != nil {
		s.kind.Status.CopyStatus(o, s.kind.New())
	}
	objectMeta(o).Generation = 1
	if d, ok := any(o).(Defaulter); ok {
		d.Default()
	}
	if p, ok := any(o).(CreatePreparer); ok {
		p.PrepareForCreate(ctx)
	}
}

// PrepareForUpdate implements rest.RESTUpdateStrategy. The main resource
// keeps the stored status, and a change to anything but metadata increments
// the generation, so that controllers can tell which spec they have observed.
func (s Strategy[T]) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	o, oldObj := obj.(T), old.(T)
	if s.kind.Status != nil {
		s.kind.Status.CopyStatus(o, oldObj)
	}
	if d, ok := any(o).(Defaulter); ok {
		d.Default()
	}
	if p, ok := any(o).(UpdatePreparer[T]); ok {
		p.PrepareForUpdate(ctx, oldObj)
	}
	if !equalIgnoringMetadata(o, oldObj) {
		objectMeta(o).Generation = objectMeta(oldObj).Generation + 1
	}
}

// Validate implements rest.RESTCreateStrategy.
func (s Strategy[T]) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	o := obj.(T)
	errs := apivalidation.ValidateObjectMetaAccessor(objectMeta(o), s.kind.NamespaceScoped, path.ValidatePathSegmentName, field.NewPath("metadata"))
	if v, ok := any(o).(Validator); ok {
		errs = append(errs, v.Validate(ctx)...)
	}
	return errs
}

// ValidateUpdate implements rest.RESTUpdateStrategy.
func (s Strategy[T]) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	o, oldObj := obj.(T), old.(T)
	errs := apivalidation.ValidateObjectMetaAccessorUpdate(objectMeta(o), objectMeta(oldObj), field.NewPath("metadata"))
	if v, ok := any(o).(Validator); ok {
		errs = append(errs, v.Validate(ctx)...)
	}
	if v, ok := any(o).(UpdateValidator[T]); ok {
		errs = append(errs, v.ValidateUpdate(ctx, oldObj)...)
	}
	return errs
}

// WarningsOnCreate implements rest.RESTCreateStrategy.
func (s Strategy[T]) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	if w, ok := obj.(Warner); ok {
		return w.Warnings(ctx)
	}
	return nil
}

// WarningsOnUpdate implements rest.RESTUpdateStrategy.
func (s Strategy[T]) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	if w, ok := obj.(Warner); ok {
		return w.Warnings(ctx)
	}
	return nil
}

// Canonicalize implements rest.RESTCreateStrategy and rest.RESTUpdateStrategy.
func (s Strategy[T]) Canonicalize(obj runtime.Object) {}

// AllowCreateOnUpdate implements rest.RESTUpdateStrategy: a PUT of an object
// that does not exist is an error, as for most built-in kinds.
func (s Strategy[T]) AllowCreateOnUpdate(ctx context.Context) bool {
	return false
}

// AllowUnconditionalUpdate implements rest.RESTUpdateStrategy: as for custom
// resources, a PUT must carry the resourceVersion it read, so that it never
// silently overwrites someone else's change. Patches are not affected.
func (s Strategy[T]) AllowUnconditionalUpdate(ctx context.Context) bool {
	return false
}

// GetAttrs returns the labels and the fields that list and watch requests
// can select the kind's objects by: metadata.name, metadata.namespace for
// namespaced kinds, and those of the FieldSelectable hook.
func (s Strategy[T]) GetAttrs(obj runtime.Object) (labels.Set, fields.Set, error) {
	o, ok := obj.(T)
	if !ok {
		return nil, nil, fmt.Errorf("object of type %T is not a %s", obj, s.kind.Resource)
	}
	m := objectMeta(o)
	fieldSet := generic.ObjectMetaFieldsSet(m, s.kind.NamespaceScoped)
	if f, ok := any(o).(FieldSelectable); ok {
		fieldSet = generic.MergeFieldsSets(fieldSet, f.SelectableFields())
	}
	return labels.Set(m.Labels), fieldSet, nil
}

// objectMeta returns the ObjectMeta embedded in obj, which every kind has.
func objectMeta(obj runtime.Object) *metav1.ObjectMeta {
	return obj.(metav1.ObjectMetaAccessor).GetObjectMeta().(*metav1.ObjectMeta)
}

// equalIgnoringMetadata tells whether a and b differ in nothing but their
// metadata (type meta included).
func equalIgnoringMetadata[T runtime.Object](a, b T) bool {
	c := b.DeepCopyObject().(T)
	*objectMeta(c) = *objectMeta(a)
	c.GetObjectKind().SetGroupVersionKind(a.GetObjectKind().GroupVersionKind())
	return apiequality.Semantic.DeepEqual(a, c)
}
