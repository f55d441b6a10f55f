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
	"strconv"
	"strings"

	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
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
	// renames are the fields each served version names differently from
	// the internal type (see FieldRenamer).
	renames fieldNames
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
	if err := checkHooks(kind.New()); err != nil {
		return Strategy[T]{}, err
	}
	// The kind is served in every version of its group that knows it. Its Go
	// type may be a version's own type, registered under that version and
	// under the internal version as its own hub, or an internal type that
	// every version of a kind served in several is converted to.
	groupKind := gvks[0].GroupKind()
	var served []schema.GroupVersionKind
	var versions []fieldpath.APIVersion
	for _, gv := range scheme.PrioritizedVersionsForGroup(groupKind.Group) {
		gvk := gv.WithKind(groupKind.Kind)
		if scheme.Recognizes(gvk) {
			served = append(served, gvk)
			versions = append(versions, fieldpath.APIVersion(gv.String()))
		}
	}
	renames, err := newFieldNames(scheme, served)
	if err != nil {
		return Strategy[T]{}, err
	}
	return Strategy[T]{
		ObjectTyper:   scheme,
		NameGenerator: names.SimpleNameGenerator,
		kind:          kind,
		gvks:          served,
		versions:      versions,
		renames:       renames,
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
// with an empty status and generation 1. Its defaults are already set: the
// scheme sets them when it decodes the request (see the Defaulter hook).
func (s Strategy[T]) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	o := obj.(T)
	if s.kind.Status != nil {
		s.kind.Status.CopyStatus(o, s.kind.New())
	}
	objectMeta(o).Generation = 1
	if p, ok := any(o).(CreatePreparer); ok {
		p.PrepareForCreate(ctx)
	}
}

// PrepareForUpdate implements rest.RESTUpdateStrategy. The main resource
// keeps the stored status, and a change to anything but metadata increments
// the generation, so that controllers can tell which spec they have observed.
// Both objects were defaulted when they were decoded, from the request and
// from storage, so a default added in a later release changes neither.
func (s Strategy[T]) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	o, oldObj := obj.(T), old.(T)
	if s.kind.Status != nil {
		s.kind.Status.CopyStatus(o, oldObj)
	}
	if p, ok := any(o).(UpdatePreparer[T]); ok {
		p.PrepareForUpdate(ctx, oldObj)
	}
	if !equalIgnoringMetadata(o, oldObj) {
		objectMeta(o).Generation = objectMeta(oldObj).Generation + 1
	}
}

// Validate implements rest.RESTCreateStrategy: the object's metadata, with
// its name checked by the kind's ValidateName (a DNS subdomain by default),
// then the Validator hook.
func (s Strategy[T]) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	o := obj.(T)
	errs := apivalidation.ValidateObjectMetaAccessor(objectMeta(o), s.kind.NamespaceScoped, s.validateName, field.NewPath("metadata"))
	if v, ok := any(o).(Validator); ok {
		errs = append(errs, v.Validate(ctx)...)
	}
	return s.renames.inRequestVersion(ctx, errs)
}

// ValidateUpdate implements rest.RESTUpdateStrategy. The Validator hook
// ratchets, as CRD validation does: an error is dropped when the stored
// object has it too and the update leaves the value at its field unchanged
// (see ratchet), so that an object stored before validation was tightened
// can still be updated (its finalizers removed, its replicas scaled), while
// an invalid value cannot be replaced by another invalid one.
// The UpdateValidator hook does not ratchet: it checks the change itself.
// The metadata is not checked here: rest.ValidateUpdate checks it before it
// calls the strategy, and the same error twice would be reported twice.
func (s Strategy[T]) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	o, oldObj := obj.(T), old.(T)
	var errs field.ErrorList
	if v, ok := any(o).(Validator); ok {
		errs = append(errs, ratchet(v.Validate(ctx), any(oldObj).(Validator).Validate(ctx), o, oldObj)...)
	}
	if v, ok := any(o).(UpdateValidator[T]); ok {
		errs = append(errs, v.ValidateUpdate(ctx, oldObj)...)
	}
	return s.renames.inRequestVersion(ctx, errs)
}

// ratchet returns the errors of errs, found on obj, that the update from old
// may not keep. An error is kept unless old has an error of the same type at
// the same field and the value at that field (absent counts as a value) is
// the same in both objects: CRD validation ratcheting looks at the value, not
// at the error, whose value Required and Forbidden errors do not even carry.
// The field is the internal type's JSON path, such as spec.owner or
// spec.ports[0].name, as field.Path prints it.
func ratchet(errs, oldErrs field.ErrorList, obj, old runtime.Object) field.ErrorList {
	if len(errs) == 0 || len(oldErrs) == 0 {
		return errs
	}
	content, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return errs
	}
	oldContent, err := runtime.DefaultUnstructuredConverter.ToUnstructured(old)
	if err != nil {
		return errs
	}
	var kept field.ErrorList
	for _, e := range errs {
		if !hasError(oldErrs, e) || !unchangedAt(e.Field, content, oldContent) {
			kept = append(kept, e)
		}
	}
	return kept
}

// hasError tells whether errs has an error of the type of e at its field.
func hasError(errs field.ErrorList, e *field.Error) bool {
	for _, other := range errs {
		if other.Type == e.Type && other.Field == e.Field {
			return true
		}
	}
	return false
}

// unchangedAt tells whether the value at path is the same in two objects in
// unstructured form. A path that does not lead through their content (a
// subscript of a string, a malformed path) is never unchanged.
func unchangedAt(path string, content, oldContent map[string]any) bool {
	segments, ok := parseErrorPath(path)
	if !ok {
		return false
	}
	value, present, ok := valueAt(content, segments)
	if !ok {
		return false
	}
	oldValue, oldPresent, ok := valueAt(oldContent, segments)
	if !ok || present != oldPresent {
		return false
	}
	return apiequality.Semantic.DeepEqual(value, oldValue)
}

// pathSegment is a field name, or a subscript: a list index or a map key.
type pathSegment struct {
	name      string
	subscript bool
}

// parseErrorPath splits a field.Path as printed, such as
// spec.ports[0].name or metadata.labels[app], into its segments.
func parseErrorPath(path string) ([]pathSegment, bool) {
	var segments []pathSegment
	for rest := path; rest != ""; {
		if rest[0] == '[' {
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, false
			}
			segments = append(segments, pathSegment{name: rest[1:end], subscript: true})
			rest = rest[end+1:]
			continue
		}
		if rest[0] == '.' {
			if len(segments) == 0 {
				return nil, false
			}
			rest = rest[1:]
		}
		end := strings.IndexAny(rest, ".[")
		if end < 0 {
			end = len(rest)
		}
		if end == 0 {
			return nil, false
		}
		segments = append(segments, pathSegment{name: rest[:end]})
		rest = rest[end:]
	}
	return segments, len(segments) > 0
}

// valueAt returns the value at a path of unstructured content, and whether
// it is present; ok is false when the path cannot lead through the content.
func valueAt(content map[string]any, segments []pathSegment) (value any, present, ok bool) {
	var current any = content
	for _, s := range segments {
		switch c := current.(type) {
		case nil:
			return nil, false, true
		case map[string]any:
			v, found := c[s.name]
			if !found {
				return nil, false, true
			}
			current = v
		case []any:
			i, err := strconv.Atoi(s.name)
			if !s.subscript || err != nil {
				return nil, false, false
			}
			if i < 0 || i >= len(c) {
				return nil, false, true
			}
			current = c[i]
		default:
			return nil, false, false
		}
	}
	return current, true, true
}

// validateName checks the name of a new object, as ValidateObjectMeta asks.
func (s Strategy[T]) validateName(name string, prefix bool) []string {
	if s.kind.ValidateName != nil {
		return s.kind.ValidateName(name, prefix)
	}
	return apivalidation.NameIsDNSSubdomain(name, prefix)
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
