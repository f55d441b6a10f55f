/*
Copyright 2026 The Zoo Authors.

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
	"strings"

	autoscalingv1 "k8s.io/api/autoscaling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/managedfields"
	"k8s.io/apimachinery/pkg/util/validation/field"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

var (
	scaleGVK = autoscalingv1.SchemeGroupVersion.WithKind("Scale")
	// scaleGroupKind names the kind of the object in invalid-scale errors.
	scaleGroupKind = scaleGVK.GroupKind()
)

// ScaleREST serves the scale subresource: get, update and patch. An update
// goes through the main resource's store and strategy, so the object is
// defaulted and validated, and its generation bumped, as for any other change
// of its spec.
type ScaleREST[T runtime.Object] struct {
	store    *genericregistry.Store
	scale    Scale[T]
	resource schema.GroupResource
	// replicasPaths maps every version the kind is served in to the path of
	// its desired replica count, for the managed fields.
	replicasPaths managedfields.ResourcePathMappings
	// version is the kind's version, for the managed fields of a request
	// that does not tell its own.
	version schema.GroupVersion
}

var (
	_ rest.Patcher                  = &ScaleREST[runtime.Object]{}
	_ rest.GroupVersionKindProvider = &ScaleREST[runtime.Object]{}
	_ rest.TableConvertor           = &ScaleREST[runtime.Object]{}
)

// newREST implements scaleServer.
func (s *Scale[T]) newREST(kind Kind[T], store *genericregistry.Store, strategy Strategy[T]) (rest.Storage, error) {
	r, err := newScaleREST(kind, store, strategy)
	if err != nil {
		return nil, err
	}
	return r, nil
}

func newScaleREST[T runtime.Object](kind Kind[T], store *genericregistry.Store, strategy Strategy[T]) (*ScaleREST[T], error) {
	s := kind.Scale
	if s.SpecReplicas == nil || s.SetSpecReplicas == nil {
		return nil, errors.New("Scale needs SpecReplicas and SetSpecReplicas")
	}
	if _, err := parseFieldPath(s.SpecReplicasPath); err != nil {
		return nil, fmt.Errorf("Scale.SpecReplicasPath: %w", err)
	}
	if len(strategy.gvks) == 0 {
		return nil, fmt.Errorf("%s is served in no version", kind.Resource)
	}
	// Managed fields name each version's own fields: a version that renames
	// the replica count (see FieldRenamer) has it at its own path.
	paths := managedfields.ResourcePathMappings{}
	for _, gvk := range strategy.gvks {
		gv := gvk.GroupVersion()
		replicasPath, err := parseFieldPath(rename(s.SpecReplicasPath, strategy.renames.toVersion[gv]))
		if err != nil {
			return nil, fmt.Errorf("Scale.SpecReplicasPath in %s: %w", gv, err)
		}
		paths[gv.String()] = replicasPath
	}
	return &ScaleREST[T]{
		store:         store,
		scale:         *s,
		resource:      kind.Resource,
		replicasPaths: paths,
		version:       strategy.gvks[0].GroupVersion(),
	}, nil
}

// parseFieldPath parses a dotted path of field names, such as spec.replicas.
func parseFieldPath(p string) (fieldpath.Path, error) {
	if p == "" {
		return nil, errors.New("must not be empty")
	}
	var elements []any
	for _, name := range strings.Split(p, ".") {
		if name == "" {
			return nil, fmt.Errorf("%q is not a dotted path of field names", p)
		}
		elements = append(elements, name)
	}
	return fieldpath.MakePath(elements...)
}

// GroupVersionKind implements rest.GroupVersionKindProvider. The installer
// would otherwise look for the Scale kind in the resource's own group, and
// discovery publishes it, which is how kubectl and the HorizontalPodAutoscaler
// know they can scale the resource.
func (r *ScaleREST[T]) GroupVersionKind(schema.GroupVersion) schema.GroupVersionKind {
	return scaleGVK
}

// New implements rest.Storage.
func (r *ScaleREST[T]) New() runtime.Object {
	return &autoscalingv1.Scale{}
}

// Destroy implements rest.Storage. It does nothing: the etcd storage is shared
// with the main resource, which destroys it.
func (r *ScaleREST[T]) Destroy() {}

// Get implements rest.Getter.
func (r *ScaleREST[T]) Get(ctx context.Context, name string, options *metav1.GetOptions) (runtime.Object, error) {
	obj, err := r.store.Get(ctx, name, options)
	if err != nil {
		return nil, err
	}
	return r.scaleOf(obj.(T)), nil
}

// Update implements rest.Updater; patches come through it too.
func (r *ScaleREST[T]) Update(ctx context.Context, name string, objInfo rest.UpdatedObjectInfo, createValidation rest.ValidateObjectFunc, updateValidation rest.ValidateObjectUpdateFunc, forceAllowCreate bool, options *metav1.UpdateOptions) (runtime.Object, bool, error) {
	info := &subresourceObjectInfo[T, *autoscalingv1.Scale]{
		resource: r.resource,
		name:     name,
		request:  objInfo,
		get:      r.scaleWithManagedFields,
		apply:    r.apply,
	}
	get := func(_ context.Context, obj T) (*autoscalingv1.Scale, error) { return r.scaleOf(obj), nil }
	obj, _, err := r.store.Update(ctx, name, info,
		subresourceCreateValidation(createValidation, get),
		subresourceUpdateValidation(updateValidation, get),
		false, options)
	if err != nil {
		return nil, false, err
	}
	return r.scaleOf(obj.(T)), false, nil
}

// scaleOf returns the Scale of an object.
func (r *ScaleREST[T]) scaleOf(obj T) *autoscalingv1.Scale {
	scale := &autoscalingv1.Scale{
		ObjectMeta: identityMeta(objectMeta(obj)),
		Spec:       autoscalingv1.ScaleSpec{Replicas: r.scale.SpecReplicas(obj)},
	}
	if r.scale.StatusReplicas != nil {
		scale.Status.Replicas = r.scale.StatusReplicas(obj)
	}
	if r.scale.Selector != nil {
		scale.Status.Selector = r.scale.Selector(obj)
	}
	return scale
}

// scaleWithManagedFields returns the Scale an update applies to. Its managed
// fields are the object's entries that own the replica count, rewritten to
// the Scale's spec.replicas, so that server-side apply of a Scale sees who
// owns it.
func (r *ScaleREST[T]) scaleWithManagedFields(ctx context.Context, obj T) (*autoscalingv1.Scale, error) {
	scale := r.scaleOf(obj)
	managed, err := r.scaleHandler(ctx, obj).ToSubresource()
	if err != nil {
		return nil, err
	}
	scale.ManagedFields = managed
	return scale, nil
}

// apply writes the requested Scale into obj, a copy of the stored object.
func (r *ScaleREST[T]) apply(ctx context.Context, obj T, scale *autoscalingv1.Scale) error {
	if scale.Spec.Replicas < 0 {
		errs := field.ErrorList{field.Invalid(field.NewPath("spec", "replicas"), scale.Spec.Replicas, "must be greater than or equal to 0")}
		return apierrors.NewInvalid(scaleGroupKind, objectMeta(obj).Name, errs)
	}
	r.scale.SetSpecReplicas(obj, scale.Spec.Replicas)
	// Hand the replica count to the scaler, as for Deployments: a later
	// server-side apply of another count by its previous owner conflicts
	// instead of silently undoing the scale.
	managed, err := r.scaleHandler(ctx, obj).ToParent(scale.ManagedFields)
	if err != nil {
		return err
	}
	objectMeta(obj).ManagedFields = managed
	return nil
}

// scaleHandler converts managed fields between obj and its Scale, in the
// version of the request.
func (r *ScaleREST[T]) scaleHandler(ctx context.Context, obj T) *managedfields.ScaleHandler {
	version := r.version
	if info, ok := genericapirequest.RequestInfoFrom(ctx); ok {
		gv := schema.GroupVersion{Group: info.APIGroup, Version: info.APIVersion}
		if _, served := r.replicasPaths[gv.String()]; served {
			version = gv
		}
	}
	return managedfields.NewScaleHandler(objectMeta(obj).ManagedFields, version, r.replicasPaths)
}

var scaleColumns = []metav1.TableColumnDefinition{
	nameColumn,
	{Name: "Desired", Type: "integer", Description: autoscalingv1.ScaleSpec{}.SwaggerDoc()["replicas"]},
	{Name: "Available", Type: "integer", Description: autoscalingv1.ScaleStatus{}.SwaggerDoc()["replicas"]},
	ageColumn,
}

// ConvertToTable implements rest.TableConvertor: kubectl get KIND NAME
// --subresource=scale shows NAME, DESIRED, AVAILABLE and AGE.
func (r *ScaleREST[T]) ConvertToTable(ctx context.Context, object runtime.Object, tableOptions runtime.Object) (*metav1.Table, error) {
	scale, ok := object.(*autoscalingv1.Scale)
	if !ok {
		return nil, fmt.Errorf("object of type %T is not a Scale", object)
	}
	table := &metav1.Table{
		ListMeta: metav1.ListMeta{ResourceVersion: scale.ResourceVersion},
		Rows: []metav1.TableRow{{
			Cells:  []any{scale.Name, scale.Spec.Replicas, scale.Status.Replicas, age(scale.CreationTimestamp)},
			Object: runtime.RawExtension{Object: scale},
		}},
	}
	if opts, ok := tableOptions.(*metav1.TableOptions); !ok || !opts.NoHeaders {
		table.ColumnDefinitions = scaleColumns
	}
	return table, nil
}
