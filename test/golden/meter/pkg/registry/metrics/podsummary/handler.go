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

package podsummary

import (
	"context"
	"fmt"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	corev1listers "k8s.io/client-go/listers/core/v1"
	restclient "k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"

	"demo.io/meter/pkg/apis/metrics/v1alpha1"
)

// This file is yours: apiboot writes it once and keeps your changes. It is
// where podsummaries come from. The example computes them from the pods of the
// cluster: one PodSummary per pod. As metrics-server does, it
// reads them with the server's own credentials through one shared informer,
// which lists the pods once and then watches them, so a get, a list or a
// watch of podsummaries costs the cluster's kube-apiserver no request. The
// server's ClusterRole grants get, list and watch on pods (apiboot build
// config writes it); read other objects the same way, and grant what they
// need in its rules.

// handler computes podsummaries.
type handler struct {
	// pods reads pods from the informer's cache; nil when the server runs
	// without a cluster (--standalone), where the handler serves data of its
	// own.
	pods *podCache
	// started is when the server started: the age of its own data.
	started metav1.Time
}

// The client's limits: the informer lists once, then watches; the limits
// only matter when it lists again after an error.
const (
	clusterQPS   = 5
	clusterBurst = 10
)

func newHandler(cluster *restclient.Config) (*handler, error) {
	h := &handler{started: metav1.NewTime(time.Now().Truncate(time.Second))}
	if cluster == nil {
		return h, nil
	}
	config := restclient.CopyConfig(cluster)
	restclient.AddUserAgent(config, "meter-apiserver/podsummaries")
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
// watches of podsummaries see it at once rather than at the next poll.
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
		case events <- watch.Event{Type: watch.Modified, Object: &v1alpha1.PodSummary{}}:
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

// get returns the PodSummary of the pod name in namespace.
func (h *handler) get(ctx context.Context, namespace, name string) (*v1alpha1.PodSummary, error) {
	computed, err := h.computed(ctx, namespace, name)
	if err != nil {
		return nil, err
	}
	if computed == nil {
		return nil, apierrors.NewNotFound(v1alpha1.Resource("podsummaries"), name)
	}
	return computed, nil
}

// computed returns the PodSummary of the pod name in namespace, or nil when
// there is no such pod.
func (h *handler) computed(ctx context.Context, namespace, name string) (*v1alpha1.PodSummary, error) {
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

// list returns the PodSummary of every pod of namespace (of every namespace
// when it is metav1.NamespaceAll).
func (h *handler) list(ctx context.Context, namespace string) ([]*v1alpha1.PodSummary, error) {
	var objects []*v1alpha1.PodSummary
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
	return objects, nil
}

// summarize computes the PodSummary of a pod. It carries the pod's uid: a
// pod recreated under the same name is another PodSummary.
func summarize(pod *corev1.Pod) *v1alpha1.PodSummary {
	ready, restarts := 0, int32(0)
	for _, c := range pod.Status.ContainerStatuses {
		if c.Ready {
			ready++
		}
		restarts += c.RestartCount
	}
	return &v1alpha1.PodSummary{
		ObjectMeta: metav1.ObjectMeta{
			Name:              pod.Name,
			Namespace:         pod.Namespace,
			UID:               pod.UID,
			Labels:            pod.Labels,
			CreationTimestamp: pod.CreationTimestamp,
		},
		Status: v1alpha1.PodSummaryStatus{
			Phase:    string(pod.Status.Phase),
			Node:     pod.Spec.NodeName,
			Ready:    fmt.Sprintf("%d/%d", ready, len(pod.Spec.Containers)),
			Restarts: restarts,
		},
	}
}

// standalone is what the handler serves without a cluster: the server
// itself, as the one pod of namespace default.
func (h *handler) standalone(namespace string) []*v1alpha1.PodSummary {
	if namespace != metav1.NamespaceAll && namespace != metav1.NamespaceDefault {
		return nil
	}
	return []*v1alpha1.PodSummary{{
		ObjectMeta: metav1.ObjectMeta{
			Name:              "meter-apiserver",
			Namespace:         metav1.NamespaceDefault,
			Labels:            map[string]string{"app.kubernetes.io/name": "meter", "app.kubernetes.io/component": "apiserver"},
			CreationTimestamp: h.started,
		},
		Status: v1alpha1.PodSummaryStatus{Phase: string(corev1.PodRunning), Node: "localhost", Ready: "1/1"},
	}}
}

// clusterError is the error of a failed read of pods. Forbidden means the
// server's own ClusterRole lacks the rule, not that the client may not read
// podsummaries: answering 403 would blame the client, so it is an internal
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
