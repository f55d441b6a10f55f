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

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/registry/rest"
)

// This file holds what the scale subresource and actions share: both serve
// an object S of their own kind (a Scale, a CatFeed) that is computed from
// the stored object T, and both save an update of S as an update of T.

// identityMeta returns the metadata of a subresource object: that of the
// object it belongs to, as far as a client needs it to tell which object and
// which version of it it read, and to send them back as preconditions.
func identityMeta(obj *metav1.ObjectMeta) metav1.ObjectMeta {
	return metav1.ObjectMeta{
		Name:              obj.Name,
		Namespace:         obj.Namespace,
		UID:               obj.UID,
		ResourceVersion:   obj.ResourceVersion,
		CreationTimestamp: obj.CreationTimestamp,
	}
}

// hasObjectMeta tells whether obj embeds a metav1.ObjectMeta, as
// subresource objects must: the registry fills it in, and the request
// handlers need it for names and preconditions.
func hasObjectMeta(obj runtime.Object) bool {
	a, ok := obj.(metav1.ObjectMetaAccessor)
	if !ok {
		return false
	}
	_, ok = a.GetObjectMeta().(*metav1.ObjectMeta)
	return ok
}

// subresourceObjectInfo turns an update of a subresource object S into an
// update of the stored object T. The request (a PUT's body or a PATCH) is
// applied to the S a GET returns, so a PATCH has the right base; apply then
// writes the result into a copy of the stored object.
type subresourceObjectInfo[T, S runtime.Object] struct {
	resource schema.GroupResource
	name     string
	request  rest.UpdatedObjectInfo
	// get returns the subresource object of a stored object.
	get func(ctx context.Context, obj T) (S, error)
	// apply writes the requested subresource object into obj, a copy of the
	// stored object.
	apply func(ctx context.Context, obj T, req S) error
}

var _ rest.UpdatedObjectInfo = &subresourceObjectInfo[runtime.Object, runtime.Object]{}

// Preconditions implements rest.UpdatedObjectInfo: the uid of a PUT's body,
// which the storage checks against the stored object's.
func (i *subresourceObjectInfo[T, S]) Preconditions() *metav1.Preconditions {
	return i.request.Preconditions()
}

// UpdatedObject implements rest.UpdatedObjectInfo.
func (i *subresourceObjectInfo[T, S]) UpdatedObject(ctx context.Context, oldObj runtime.Object) (runtime.Object, error) {
	stored, ok := oldObj.(T)
	if !ok {
		return nil, apierrors.NewInternalError(fmt.Errorf("stored object is a %T, not a %s", oldObj, i.resource))
	}
	// A store that may create on update hands an empty object over when
	// nothing is stored. Ours may not, and already answers NotFound, but a
	// subresource must never create its object, whatever the store does.
	storedMeta := objectMeta(stored)
	if storedMeta.ResourceVersion == "" {
		return nil, apierrors.NewNotFound(i.resource, i.name)
	}

	current, err := i.get(ctx, stored)
	if err != nil {
		return nil, err
	}
	updated, err := i.request.UpdatedObject(ctx, current)
	if err != nil {
		return nil, err
	}
	req, ok := updated.(S)
	if !ok {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("expected a %T, got %T", current, updated))
	}

	// The store checks a PUT's uid (see Preconditions), but a PATCH's only
	// shows here.
	reqMeta := objectMeta(req)
	if reqMeta.UID != "" && reqMeta.UID != storedMeta.UID {
		return nil, apierrors.NewConflict(i.resource, i.name,
			fmt.Errorf("precondition failed: UID in precondition: %v, UID in object meta: %v", reqMeta.UID, storedMeta.UID))
	}

	obj := stored.DeepCopyObject().(T)
	if err := i.apply(ctx, obj, req); err != nil {
		return nil, err
	}
	// The store compares the object's resourceVersion with the stored one,
	// so a stale one in the request is a conflict. Without one, the update
	// is unconditional, as for a scale of a built-in kind: keep the stored
	// one, since the strategy refuses updates without a resourceVersion.
	if reqMeta.ResourceVersion != "" {
		objectMeta(obj).ResourceVersion = reqMeta.ResourceVersion
	} else {
		objectMeta(obj).ResourceVersion = storedMeta.ResourceVersion
	}
	return obj, nil
}

// The store runs admission validation on the objects it saves, but the
// admission attributes of a subresource request describe the subresource's
// kind: validating admission (webhooks, policies) must see S, not T.

func subresourceCreateValidation[T, S runtime.Object](validate rest.ValidateObjectFunc, get func(context.Context, T) (S, error)) rest.ValidateObjectFunc {
	if validate == nil {
		return nil
	}
	return func(ctx context.Context, obj runtime.Object) error {
		s, err := get(ctx, obj.(T))
		if err != nil {
			return err
		}
		return validate(ctx, s)
	}
}

func subresourceUpdateValidation[T, S runtime.Object](validate rest.ValidateObjectUpdateFunc, get func(context.Context, T) (S, error)) rest.ValidateObjectUpdateFunc {
	if validate == nil {
		return nil
	}
	return func(ctx context.Context, obj, old runtime.Object) error {
		s, err := get(ctx, obj.(T))
		if err != nil {
			return err
		}
		oldS, err := get(ctx, old.(T))
		if err != nil {
			return err
		}
		return validate(ctx, s, oldS)
	}
}
