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

package sighting

import (
	"context"
	"fmt"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	restclient "k8s.io/client-go/rest"

	"demo.io/zoo/pkg/apis/animal/v1alpha1"
)

// This file is yours: apiboot writes it once and keeps your changes. It is
// where sightings come from. The example computes them from the pods of the
// cluster, read with the server's own credentials as metrics-server reads
// its data: one Sighting per pod. The server's
// ClusterRole grants get and list on pods (apiboot build config writes it);
// read other objects, and grant what they need in its rules.
//
// What changes through the API (get, list, watch, create and delete) is kept in memory, over
// the computed objects, until the server restarts: back it with your own
// system instead.

// handler computes sightings.
type handler struct {
	// pods reads pods; nil when the server runs without a cluster
	// (--standalone), where the handler serves data of its own.
	pods corev1client.PodsGetter
	// started is when the server started: the age of its own data.
	started metav1.Time

	mu sync.Mutex
	// own holds what changed through the API, by namespace/name: the object
	// as created or updated, or nil once deleted.
	own map[string]*v1alpha1.Sighting
}

func newHandler(cluster *restclient.Config) (*handler, error) {
	h := &handler{started: metav1.NewTime(time.Now().Truncate(time.Second))}
	h.own = map[string]*v1alpha1.Sighting{}
	if cluster == nil {
		return h, nil
	}
	config := restclient.CopyConfig(cluster)
	restclient.AddUserAgent(config, "zoo-apiserver/sightings")
	client, err := corev1client.NewForConfig(config)
	if err != nil {
		return nil, fmt.Errorf("unable to create the client for pods: %w", err)
	}
	h.pods = client
	return h, nil
}

// get returns the Sighting of the pod name in namespace.
func (h *handler) get(ctx context.Context, namespace, name string) (*v1alpha1.Sighting, error) {
	if obj, changed := h.changed(namespace, name); changed {
		if obj == nil {
			return nil, apierrors.NewNotFound(v1alpha1.Resource("sightings"), name)
		}
		return obj, nil
	}
	if h.pods == nil {
		for _, obj := range h.standalone(namespace) {
			if obj.Name == name {
				return obj, nil
			}
		}
		return nil, apierrors.NewNotFound(v1alpha1.Resource("sightings"), name)
	}
	pod, err := h.pods.Pods(namespace).Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil, apierrors.NewNotFound(v1alpha1.Resource("sightings"), name)
	}
	if err != nil {
		return nil, clusterError(err, "get", namespace)
	}
	return summarize(pod), nil
}

// list returns the Sighting of every pod of namespace (of every namespace
// when it is metav1.NamespaceAll).
func (h *handler) list(ctx context.Context, namespace string) ([]*v1alpha1.Sighting, error) {
	var objects []*v1alpha1.Sighting
	if h.pods == nil {
		objects = h.standalone(namespace)
	} else {
		pods, err := h.pods.Pods(namespace).List(ctx, metav1.ListOptions{})
		if err != nil {
			return nil, clusterError(err, "list", namespace)
		}
		for i := range pods.Items {
			objects = append(objects, summarize(&pods.Items[i]))
		}
	}
	return h.withChanges(namespace, objects), nil
}

// summarize computes the Sighting of a pod.
func summarize(pod *corev1.Pod) *v1alpha1.Sighting {
	ready, restarts := 0, int32(0)
	for _, c := range pod.Status.ContainerStatuses {
		if c.Ready {
			ready++
		}
		restarts += c.RestartCount
	}
	return &v1alpha1.Sighting{
		ObjectMeta: metav1.ObjectMeta{
			Name:              pod.Name,
			Namespace:         pod.Namespace,
			Labels:            pod.Labels,
			CreationTimestamp: pod.CreationTimestamp,
		},
		Status: v1alpha1.SightingStatus{
			Phase:    string(pod.Status.Phase),
			Node:     pod.Spec.NodeName,
			Ready:    fmt.Sprintf("%d/%d", ready, len(pod.Spec.Containers)),
			Restarts: restarts,
		},
	}
}

// standalone is what the handler serves without a cluster: the server
// itself, as the one pod of namespace default.
func (h *handler) standalone(namespace string) []*v1alpha1.Sighting {
	if namespace != metav1.NamespaceAll && namespace != metav1.NamespaceDefault {
		return nil
	}
	return []*v1alpha1.Sighting{{
		ObjectMeta: metav1.ObjectMeta{
			Name:              "zoo-apiserver",
			Namespace:         metav1.NamespaceDefault,
			Labels:            map[string]string{"app.kubernetes.io/name": "zoo", "app.kubernetes.io/component": "apiserver"},
			CreationTimestamp: h.started,
		},
		Status: v1alpha1.SightingStatus{Phase: string(corev1.PodRunning), Node: "localhost", Ready: "1/1"},
	}}
}

// clusterError is the error of a failed read of pods. Forbidden means the
// server's own ClusterRole lacks the rule, not that the client may not read
// sightings: answering 403 would blame the client, so it is an internal
// error that names the rule.
func clusterError(err error, verb, namespace string) error {
	if apierrors.IsForbidden(err) || apierrors.IsUnauthorized(err) {
		where := "in all namespaces"
		if namespace != metav1.NamespaceAll {
			where = "in namespace " + namespace
		}
		return apierrors.NewInternalError(fmt.Errorf("the server cannot %s pods %s: its ClusterRole needs the rule %s on pods in the core group (%w)", verb, where, verb, err))
	}
	return err
}

func objectKey(namespace, name string) string {
	return namespace + "/" + name
}

// changed returns what changed of namespace/name through the API: changed is
// false when nothing did, and obj nil when it was deleted.
func (h *handler) changed(namespace, name string) (obj *v1alpha1.Sighting, changed bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	obj, changed = h.own[objectKey(namespace, name)]
	return obj.DeepCopy(), changed
}

// withChanges applies what changed through the API to the computed objects
// of namespace.
func (h *handler) withChanges(namespace string, computed []*v1alpha1.Sighting) []*v1alpha1.Sighting {
	h.mu.Lock()
	defer h.mu.Unlock()
	objects := make([]*v1alpha1.Sighting, 0, len(computed))
	seen := map[string]bool{}
	for _, obj := range computed {
		key := objectKey(obj.Namespace, obj.Name)
		seen[key] = true
		if own, changed := h.own[key]; changed {
			obj = own.DeepCopy()
		}
		if obj != nil {
			objects = append(objects, obj)
		}
	}
	for key, obj := range h.own {
		if !seen[key] && obj != nil && (namespace == metav1.NamespaceAll || obj.Namespace == namespace) {
			objects = append(objects, obj.DeepCopy())
		}
	}
	return objects
}

func (h *handler) keep(obj *v1alpha1.Sighting) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.own[objectKey(obj.Namespace, obj.Name)] = obj.DeepCopy()
}

// create keeps a new Sighting, defaulted and validated by its hooks.
func (h *handler) create(ctx context.Context, obj *v1alpha1.Sighting) (*v1alpha1.Sighting, error) {
	_, err := h.get(ctx, obj.Namespace, obj.Name)
	if err == nil {
		return nil, apierrors.NewAlreadyExists(v1alpha1.Resource("sightings"), obj.Name)
	}
	if !apierrors.IsNotFound(err) {
		return nil, err
	}
	h.keep(obj)
	return obj, nil
}

// delete hides a Sighting from then on.
func (h *handler) delete(_ context.Context, namespace, name string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.own[objectKey(namespace, name)] = nil
	return nil
}
