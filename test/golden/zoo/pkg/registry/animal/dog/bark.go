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

package dog

import (
	"context"
	"fmt"
	"net/http"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"demo.io/zoo/pkg/apis/animal"
)

// connectBark serves .../dogs/NAME/bark?tailLines=N&follow=true (POST, or
// GET if ReadOnly). This is the place for your logic, such as streaming the real log of
// what the Dog stands for; the example makes lines up from the object's
// metadata. The server has read the Dog (404 when it does not exist) and
// decoded the options. An error returned here, such as
// apierrors.NewBadRequest, is the response; otherwise the handler writes it.
func connectBark(ctx context.Context, obj *animal.Dog, opts *animal.DogBarkOptions) (http.Handler, error) {
	lines := []string{
		fmt.Sprintf("%s was created at %s", obj.Name, obj.CreationTimestamp.UTC().Format(time.RFC3339)),
		fmt.Sprintf("%s is at generation %d", obj.Name, obj.Generation),
		fmt.Sprintf("%s has %d labels", obj.Name, len(obj.Labels)),
	}
	if opts.TailLines != nil {
		if *opts.TailLines < 0 {
			return nil, apierrors.NewBadRequest("tailLines must not be negative")
		}
		lines = lines[len(lines)-int(min(*opts.TailLines, int64(len(lines)))):]
	}

	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		for _, line := range lines {
			fmt.Fprintln(w, line)
		}
		if !opts.Follow {
			return
		}
		// Flush every line, or the client sees nothing until a buffer fills.
		rc := http.NewResponseController(w)
		ticker := time.NewTicker(time.Second)
		defer ticker.Stop()
		for {
			if err := rc.Flush(); err != nil {
				return
			}
			select {
			case <-req.Context().Done():
				return
			case t := <-ticker.C:
				fmt.Fprintf(w, "%s %s is still here\n", t.UTC().Format(time.RFC3339), obj.Name)
			}
		}
	}), nil
}
