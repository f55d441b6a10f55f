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
	"sort"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
)

// handlerSource is what a handler kind serves lists and watches from, as the
// API server's watch cache is for a kind in etcd: the objects the handler
// listed last, each with the resourceVersion of the change that made it what
// it is, and a window of the recent changes that watches replay. The store
// refreshes it from the handler's List on every list, at the start of every
// watch, on every write, and every PollInterval while anyone watches.
type handlerSource[T runtime.Object] struct {
	handler Handler[T]
	newObj  func() T

	// refreshing lets one refresh run at a time, so that an older list is
	// never applied over a newer one.
	refreshing sync.Mutex

	mu sync.RWMutex
	// rv is the resourceVersion of the last change. It starts at the
	// server's start time in microseconds, so that a resourceVersion from
	// before a restart is older than the window and answered 410 Gone.
	rv uint64
	// since is the resourceVersion from which the window is complete: a
	// watch can resume from any version in [since, rv].
	since   uint64
	objects map[string]T
	events  []handlerEvent[T]
	// changed is closed, and replaced, at every change.
	changed  chan struct{}
	watchers int

	polling sync.Once
	ctx     context.Context
	cancel  context.CancelFunc
	// kick asks the poller for a refresh now (the handler's own Watch sent
	// an event).
	kick chan struct{}
}

// handlerEvent is one change: obj as it became (for DELETED, as it was),
// and prev as it was before, when it existed.
type handlerEvent[T runtime.Object] struct {
	rv      uint64
	typ     watch.EventType
	obj     T
	prev    T
	hasPrev bool
}

func newHandlerSource[T runtime.Object](handler Handler[T], newObj func() T) *handlerSource[T] {
	ctx, cancel := context.WithCancel(context.Background())
	start := uint64(time.Now().UnixMicro())
	return &handlerSource[T]{
		handler: handler,
		newObj:  newObj,
		rv:      start,
		since:   start,
		objects: map[string]T{},
		changed: make(chan struct{}),
		ctx:     ctx,
		cancel:  cancel,
		kick:    make(chan struct{}, 1),
	}
}

func (s *handlerSource[T]) stop() { s.cancel() }

// refresh lists the handler's objects of every namespace and records what
// changed since the last list.
func (s *handlerSource[T]) refresh(ctx context.Context) error {
	s.refreshing.Lock()
	defer s.refreshing.Unlock()
	items, err := s.handler.List(genericapirequest.WithNamespace(ctx, metav1.NamespaceAll), metav1.NamespaceAll)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	before := s.rv
	seen := make(map[string]bool, len(items))
	for _, item := range items {
		k := key(item)
		seen[k] = true
		old, existed := s.objects[k]
		if existed && equalButVersion(item, old) {
			continue
		}
		typ := watch.Added
		if existed {
			typ = watch.Modified
		}
		s.record(typ, item.DeepCopyObject().(T), old, existed)
	}
	var gone []string
	for k := range s.objects {
		if !seen[k] {
			gone = append(gone, k)
		}
	}
	sort.Strings(gone)
	for _, k := range gone {
		old := s.objects[k]
		s.record(watch.Deleted, old.DeepCopyObject().(T), old, true)
	}
	if s.rv != before {
		s.notify()
	}
	return nil
}

// record stamps obj with the next resourceVersion, keeps it and adds the
// change to the window. s.mu is held.
func (s *handlerSource[T]) record(typ watch.EventType, obj, prev T, hasPrev bool) {
	s.rv++
	objectMeta(obj).ResourceVersion = formatVersion(s.rv)
	k := key(obj)
	if typ == watch.Deleted {
		delete(s.objects, k)
	} else {
		s.objects[k] = obj
	}
	s.events = append(s.events, handlerEvent[T]{rv: s.rv, typ: typ, obj: obj, prev: prev, hasPrev: hasPrev})
	if drop := len(s.events) - s.handler.EventWindow; drop > 0 {
		s.since = s.events[drop-1].rv
		clear(s.events[:drop])
		s.events = s.events[drop:]
	}
}

// notify wakes every watch. s.mu is held.
func (s *handlerSource[T]) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// written records a write the store made through the handler, so that
// watches see it at once, and returns the object with its resourceVersion.
func (s *handlerSource[T]) written(typ watch.EventType, obj T) T {
	s.mu.Lock()
	defer s.mu.Unlock()
	obj = obj.DeepCopyObject().(T)
	prev, existed := s.objects[key(obj)]
	if typ == watch.Deleted && !existed {
		// Already gone from the source: nothing to tell watches.
		objectMeta(obj).ResourceVersion = formatVersion(s.rv)
		return obj
	}
	if typ == watch.Added && existed {
		typ = watch.Modified
	}
	s.record(typ, obj, prev, existed)
	s.notify()
	return obj.DeepCopyObject().(T)
}

// versioned returns obj, one object the handler returned, with the
// resourceVersion the source knows it by. An object the source has not seen
// as it is now makes it list again.
func (s *handlerSource[T]) versioned(ctx context.Context, obj T) (T, error) {
	obj = obj.DeepCopyObject().(T)
	if s.stamp(obj) {
		return obj, nil
	}
	if err := s.refresh(ctx); err != nil {
		return obj, err
	}
	if !s.stamp(obj) {
		// Get answers what List does not: the latest version will do.
		s.mu.RLock()
		objectMeta(obj).ResourceVersion = formatVersion(s.rv)
		s.mu.RUnlock()
	}
	return obj, nil
}

// stamp sets obj's resourceVersion to that of the object the source holds,
// if it is the same.
func (s *handlerSource[T]) stamp(obj T) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	known, ok := s.objects[key(obj)]
	if !ok || !equalButVersion(obj, known) {
		return false
	}
	objectMeta(obj).ResourceVersion = objectMeta(known).ResourceVersion
	return true
}

// snapshot returns copies of the objects that match, sorted by namespace
// and name, and the resourceVersion they are at.
func (s *handlerSource[T]) snapshot(match func(T) bool) ([]T, uint64) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.snapshotLocked(match)
}

// snapshotLocked is snapshot with s.mu held.
func (s *handlerSource[T]) snapshotLocked(match func(T) bool) ([]T, uint64) {
	items := make([]T, 0, len(s.objects))
	for _, obj := range s.objects {
		if match(obj) {
			items = append(items, obj.DeepCopyObject().(T))
		}
	}
	sortByKey(items)
	return items, s.rv
}

// watchStart is where a watch starts.
type watchStart struct {
	// initial sends every object ADDED first; initialEnd then a bookmark
	// annotated k8s.io/initial-events-end.
	initial, initialEnd bool
	// from is the resourceVersion to replay the window from, when not
	// initial; fromLatest starts after the last change instead.
	from       uint64
	fromLatest bool
	bookmarks  bool
	// resourceName names the resource in errors.
	resourceName string
}

// watch starts a watch of the objects that match.
func (s *handlerSource[T]) watch(ctx context.Context, start watchStart, match func(T) bool) (watch.Interface, error) {
	s.polling.Do(func() { go s.poll() })
	var initial []T
	s.mu.Lock()
	pos := start.from
	switch {
	case start.initial:
		// The resourceVersion asked for (NotOlderThan) is met: the source
		// was just refreshed.
		initial, pos = s.snapshotLocked(match)
	case start.fromLatest:
		pos = s.rv
	case pos < s.since || pos > s.rv:
		since, latest := s.since, s.rv
		s.mu.Unlock()
		return nil, apierrors.NewResourceExpired(fmt.Sprintf("too old resource version: %d (%d); the server keeps the changes of %s from %d", start.from, latest, start.resourceName, since))
	}
	s.watchers++
	s.mu.Unlock()

	w := &handlerWatch{result: make(chan watch.Event), done: make(chan struct{})}
	go func() {
		defer close(w.result)
		defer func() {
			s.mu.Lock()
			s.watchers--
			s.mu.Unlock()
		}()
		send := func(event watch.Event) bool {
			select {
			case w.result <- event:
				return true
			case <-w.done:
			case <-ctx.Done():
			}
			return false
		}
		bookmark := func(annotate bool) bool {
			obj := s.newObj()
			objectMeta(obj).ResourceVersion = formatVersion(pos)
			if annotate {
				objectMeta(obj).Annotations = map[string]string{metav1.InitialEventsAnnotationKey: "true"}
			}
			return send(watch.Event{Type: watch.Bookmark, Object: obj})
		}
		for _, obj := range initial {
			if !send(watch.Event{Type: watch.Added, Object: obj}) {
				return
			}
		}
		if start.initialEnd && !bookmark(true) {
			return
		}
		ticker := time.NewTicker(s.handler.PollInterval)
		defer ticker.Stop()
		for {
			events, latest, changed, expired := s.after(pos)
			if expired {
				send(watch.Event{Type: watch.Error, Object: statusOf(apierrors.NewResourceExpired(fmt.Sprintf("too old resource version: %d (%d)", pos, latest)))})
				return
			}
			for _, e := range events {
				if event, ok := e.filtered(match); ok && !send(event) {
					return
				}
			}
			pos = latest
			select {
			case <-changed:
			case <-ticker.C:
				if start.bookmarks && !bookmark(false) {
					return
				}
			case <-w.done:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	return w, nil
}

// after returns the changes after pos, the resourceVersion they bring the
// watch to, the channel closed at the next change, and whether the window no
// longer holds them all (a watch that fell behind).
func (s *handlerSource[T]) after(pos uint64) ([]handlerEvent[T], uint64, <-chan struct{}, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if pos < s.since {
		return nil, s.rv, s.changed, true
	}
	i := sort.Search(len(s.events), func(i int) bool { return s.events[i].rv > pos })
	return append([]handlerEvent[T](nil), s.events[i:]...), s.rv, s.changed, false
}

// filtered is the event a watch with a selector sees, as etcd's watch
// sends it: an object that starts to match is ADDED, one that stops
// matching DELETED.
func (e handlerEvent[T]) filtered(match func(T) bool) (watch.Event, bool) {
	now := e.typ != watch.Deleted && match(e.obj)
	was := e.hasPrev && match(e.prev)
	obj := e.obj.DeepCopyObject()
	switch {
	case now && was:
		return watch.Event{Type: watch.Modified, Object: obj}, true
	case now:
		return watch.Event{Type: watch.Added, Object: obj}, true
	case was:
		return watch.Event{Type: watch.Deleted, Object: obj}, true
	}
	return watch.Event{}, false
}

// poll refreshes the source every PollInterval while anyone watches, and
// at once when the handler's own Watch sends an event.
func (s *handlerSource[T]) poll() {
	if s.handler.Watch != nil {
		go s.follow()
	}
	ticker := time.NewTicker(s.handler.PollInterval)
	defer ticker.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-ticker.C:
		case <-s.kick:
		}
		s.mu.RLock()
		watched := s.watchers > 0
		s.mu.RUnlock()
		if watched {
			// A failed list is tried again at the next tick.
			_ = s.refresh(s.ctx)
		}
	}
}

// follow turns the handler's own events into refreshes, watching again
// after its watch ends.
func (s *handlerSource[T]) follow() {
	for s.ctx.Err() == nil {
		w, err := s.handler.Watch(s.ctx, metav1.NamespaceAll)
		if err == nil {
			for range w.ResultChan() {
				select {
				case s.kick <- struct{}{}:
				default:
				}
			}
			w.Stop()
		}
		select {
		case <-s.ctx.Done():
		case <-time.After(s.handler.PollInterval):
		}
	}
}

// handlerWatch is a watch.Interface whose events a goroutine of the source
// sends.
type handlerWatch struct {
	result chan watch.Event
	done   chan struct{}
	once   sync.Once
}

func (w *handlerWatch) Stop() { w.once.Do(func() { close(w.done) }) }

func (w *handlerWatch) ResultChan() <-chan watch.Event { return w.result }
