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
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	corev1listers "k8s.io/client-go/listers/core/v1"
	restclient "k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"

	"demo.io/zoo/pkg/apis/animal/v1alpha1"
)

// This file is yours: apiboot writes it once and keeps your changes. It is
// where sightings come from. The example computes them from the pods of the
// cluster: one Sighting per pod. As metrics-server does, it
// reads them with the server's own credentials through one shared informer,
// which lists the pods once and then watches them, so a get, a list or a
// watch of sightings costs the cluster's kube-apiserver no request. The
// server's ClusterRole grants get, list and watch on pods (apiboot build
// config writes it); read other objects the same way, and grant what they
// need in its rules.
//
// What changes through the API (get, list, watch, create and delete) is kept in memory, over
// the computed objects, until the server restarts, and at most maxOwn
// objects of it: back it with your own system instead.

// maxOwn bounds what the handler keeps of what changed through the API, so
// that no client can grow the server's memory without end.
const maxOwn = 1000

// handler computes sightings.
type handler struct {
	// pods reads pods from the informer's cache; nil when the server runs
	// without a cluster (--standalone), where the handler serves data of its
	// own.
	pods *podCache
	// started is when the server started: the age of its own data.
	started metav1.Time

	mu sync.Mutex
	// own holds what changed through the API, by namespace/name.
	own map[string]change
}

// change is what changed of one Sighting through the API: obj as created or
// updated, or nil when a computed Sighting was deleted. A change to a
// computed Sighting lasts as long as what it was computed from: over is the
// uid of that computed object, and the change is dropped once the object is
// gone or another took its name (a pod recreated under the same name is
// seen again).
type change struct {
	obj      *v1alpha1.Sighting
	computed bool
	over     types.UID
}

// The client's limits: the informer lists once, then watches; the limits
// only matter when it lists again after an error.
const (
	clusterQPS   = 5
	clusterBurst = 10
)

func newHandler(cluster *restclient.Config) (*handler, error) {
	h := &handler{started: metav1.NewTime(time.Now().Truncate(time.Second))}
	h.own = map[string]change{}
	if cluster == nil {
		return h, nil
	}
	config := restclient.CopyConfig(cluster)
	restclient.AddUserAgent(config, "zoo-apiserver/sightings")
	config.QPS, config.Burst = clusterQPS, clusterBurst
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		return nil, fmt.Errorf("unable to create the client for pods: %w", err)
	}
	h.pods = newPodCache(client)
	return h, nil
}

// podCache is a shared informer on the pods of every namespace, started by
// the first read.
type podCache struct {
	informer cache.SharedIndexInformer
	lister   corev1listers.PodLister
	start    sync.Once

	mu sync.Mutex
	// failure is the informer's last failure to list or watch, until a
	// list succeeds.
	failure error
}

func newPodCache(client kubernetes.Interface) *podCache {
	factory := informers.NewSharedInformerFactoryWithOptions(client, 0, informers.WithTransform(trimPod))
	pods := factory.Core().V1().Pods()
	c := &podCache{informer: pods.Informer(), lister: pods.Lister()}
	_ = c.informer.SetWatchErrorHandlerWithContext(func(ctx context.Context, r *cache.Reflector, err error) {
		c.mu.Lock()
		c.failure = err
		c.mu.Unlock()
		cache.DefaultWatchErrorHandler(ctx, r, err)
	})
	return c
}

// trimPod keeps of a pod what the handler reads, so that the cache of a big
// cluster stays small.
func trimPod(obj any) (any, error) {
	pod, ok := obj.(*corev1.Pod)
	if !ok {
		return obj, nil
	}
	containers := make([]corev1.Container, len(pod.Spec.Containers))
	for i, c := range pod.Spec.Containers {
		containers[i] = corev1.Container{Name: c.Name}
	}
	statuses := make([]corev1.ContainerStatus, len(pod.Status.ContainerStatuses))
	for i, s := range pod.Status.ContainerStatuses {
		statuses[i] = corev1.ContainerStatus{Name: s.Name, Ready: s.Ready, RestartCount: s.RestartCount}
	}
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name:              pod.Name,
			Namespace:         pod.Namespace,
			UID:               pod.UID,
			ResourceVersion:   pod.ResourceVersion,
			Labels:            pod.Labels,
			CreationTimestamp: pod.CreationTimestamp,
		},
		Spec:   corev1.PodSpec{NodeName: pod.Spec.NodeName, Containers: containers},
		Status: corev1.PodStatus{Phase: pod.Status.Phase, ContainerStatuses: statuses},
	}, nil
}

// ready starts the informer on the first call, for the life of the server,
// and waits for its first list: until the request's deadline, or less when
// the informer fails.
func (c *podCache) ready(ctx context.Context) error {
	c.start.Do(func() { go c.informer.Run(make(chan struct{})) })
	for !c.informer.HasSynced() {
		c.mu.Lock()
		failure := c.failure
		c.mu.Unlock()
		if failure != nil {
			return clusterError(failure, "list and watch", metav1.NamespaceAll)
		}
		select {
		case <-ctx.Done():
			return apierrors.NewTimeoutError("the server has not read the cluster's pods yet", 1)
		case <-time.After(10 * time.Millisecond):
		}
	}
	return nil
}

// list returns the pods of namespace from the cache.
func (c *podCache) list(ctx context.Context, namespace string) ([]*corev1.Pod, error) {
	if err := c.ready(ctx); err != nil {
		return nil, err
	}
	if namespace == metav1.NamespaceAll {
		return c.lister.List(labels.Everything())
	}
	return c.lister.Pods(namespace).List(labels.Everything())
}

// changes is the handler's Watch: an event whenever a pod changes, so that
// watches of sightings see it at once rather than at the next poll.
func (h *handler) changes(ctx context.Context, _ string) (watch.Interface, error) {
	if h.pods == nil {
		return watch.NewEmptyWatch(), nil
	}
	if err := h.pods.ready(ctx); err != nil {
		return nil, err
	}
	events := make(chan watch.Event, 1)
	w := watch.NewProxyWatcher(events)
	poke := func(any) {
		select {
		case events <- watch.Event{Type: watch.Modified, Object: &v1alpha1.Sighting{}}:
		default: // one pending event is enough: the store lists everything
		}
	}
	registration, err := h.pods.informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    poke,
		UpdateFunc: func(_, obj any) { poke(obj) },
		DeleteFunc: poke,
	})
	if err != nil {
		return nil, err
	}
	go func() {
		select {
		case <-ctx.Done():
		case <-w.StopChan():
		}
		_ = h.pods.informer.RemoveEventHandler(registration)
	}()
	return w, nil
}

// get returns the Sighting of the pod name in namespace.
func (h *handler) get(ctx context.Context, namespace, name string) (*v1alpha1.Sighting, error) {
	computed, err := h.computed(ctx, namespace, name)
	if err != nil {
		return nil, err
	}
	if obj, changed := h.changed(namespace, name, computed); changed {
		computed = obj
	}
	if computed == nil {
		return nil, apierrors.NewNotFound(v1alpha1.Resource("sightings"), name)
	}
	return computed, nil
}

// computed returns the Sighting of the pod name in namespace, or nil when
// there is no such pod.
func (h *handler) computed(ctx context.Context, namespace, name string) (*v1alpha1.Sighting, error) {
	if h.pods == nil {
		for _, obj := range h.standalone(namespace) {
			if obj.Name == name {
				return obj, nil
			}
		}
		return nil, nil
	}
	if err := h.pods.ready(ctx); err != nil {
		return nil, err
	}
	pod, err := h.pods.lister.Pods(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
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
		pods, err := h.pods.list(ctx, namespace)
		if err != nil {
			return nil, err
		}
		for _, pod := range pods {
			objects = append(objects, summarize(pod))
		}
	}
	return h.withChanges(namespace, objects), nil
}

// summarize computes the Sighting of a pod. It carries the pod's uid: a
// pod recreated under the same name is another Sighting.
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
			UID:               pod.UID,
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
		return apierrors.NewInternalError(fmt.Errorf("the server cannot %s pods %s: its ClusterRole needs the rules %s on pods in the core group (%w)", verb, where, verb, err))
	}
	return err
}

func objectKey(namespace, name string) string {
	return namespace + "/" + name
}

// changed returns what changed through the API of namespace/name, whose
// computed object is computed (nil when there is none): changed is false
// when nothing did, and obj nil when it was deleted. A change to a computed
// object that is gone, or was replaced, is dropped.
func (h *handler) changed(namespace, name string, computed *v1alpha1.Sighting) (obj *v1alpha1.Sighting, changed bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	key := objectKey(namespace, name)
	c, ok := h.own[key]
	if !ok {
		return nil, false
	}
	if c.computed && (computed == nil || computed.UID != c.over) {
		delete(h.own, key)
		return nil, false
	}
	return c.obj.DeepCopy(), true
}

// withChanges applies what changed through the API to the computed objects
// of namespace, dropping the changes to computed objects that are gone.
func (h *handler) withChanges(namespace string, computed []*v1alpha1.Sighting) []*v1alpha1.Sighting {
	h.mu.Lock()
	defer h.mu.Unlock()
	objects := make([]*v1alpha1.Sighting, 0, len(computed))
	seen := map[string]types.UID{}
	for _, obj := range computed {
		key := objectKey(obj.Namespace, obj.Name)
		seen[key] = obj.UID
		if c, ok := h.own[key]; ok {
			if !c.computed || c.over == obj.UID {
				obj = c.obj.DeepCopy()
			} else {
				delete(h.own, key)
			}
		}
		if obj != nil {
			objects = append(objects, obj)
		}
	}
	for key, c := range h.own {
		if _, listed := seen[key]; listed {
			continue
		}
		if c.computed {
			// What it changed is gone, and so is the change, when the list
			// covered its namespace.
			if ns, _, _ := strings.Cut(key, "/"); namespace == metav1.NamespaceAll || ns == namespace {
				delete(h.own, key)
			}
			continue
		}
		if namespace == metav1.NamespaceAll || c.obj.Namespace == namespace {
			objects = append(objects, c.obj.DeepCopy())
		}
	}
	return objects
}

// keep records obj, a change to the computed object computed (nil when
// there is none), refusing a new one past maxOwn.
func (h *handler) keep(obj, computed *v1alpha1.Sighting) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	key := objectKey(obj.Namespace, obj.Name)
	if _, ok := h.own[key]; !ok && len(h.own) >= maxOwn {
		return apierrors.NewForbidden(v1alpha1.Resource("sightings"), obj.Name, fmt.Errorf("the server keeps at most %d sightings changed through the API: delete some first", maxOwn))
	}
	c := change{obj: obj.DeepCopy()}
	if computed != nil {
		c.computed, c.over = true, computed.UID
	}
	h.own[key] = c
	return nil
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
	computed, err := h.computed(ctx, obj.Namespace, obj.Name)
	if err != nil {
		return nil, err
	}
	if err := h.keep(obj, computed); err != nil {
		return nil, err
	}
	return obj, nil
}

// delete forgets a Sighting created through the API. A computed one is
// hidden for as long as what it is computed from exists.
func (h *handler) delete(ctx context.Context, namespace, name string) error {
	computed, err := h.computed(ctx, namespace, name)
	if err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	key := objectKey(namespace, name)
	if c, ok := h.own[key]; ok && !c.computed {
		delete(h.own, key)
		return nil
	}
	if computed == nil {
		delete(h.own, key)
		return nil
	}
	h.own[key] = change{computed: true, over: computed.UID}
	return nil
}
