//go:build js && wasm

package bridge

import (
	"sync"
	"sync/atomic"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/transport"
	"github.com/orylogin/orylogin/wasm/transport/fetch"
)

// newTransport returns the transport of an online client: fetch through
// the request helper of glue (the loader's). Tests replace it with stubs;
// the program always uses fetch.
var newTransport = func(glue jsx.Value) transport.Transport {
	request, _ := glue.Get("request")
	return fetch.New(request)
}

// Bridge is the Go side of one OryLogin object.
type Bridge struct {
	glue       jsx.Value // the loader's glue (see doc)
	errorClass jsx.Value // OryLoginError
	json       jsx.Value // JSON
	registry   jsx.Value // a FinalizationRegistry that forgets clients, or undefined

	funcs []jsx.Func // exported functions, kept for the life of the Bridge

	// The client methods, wrapped by the glue, unbound: newClient binds
	// them to each client's handle.
	methods     map[string]jsx.Value
	stateGetter jsx.Value
	unsubscribe jsx.Value

	mu       sync.Mutex
	clients  map[int]*client
	nextID   int
	lastCall atomic.Int64 // the id of the newest call (see promiseOf)

	idle        chan func() // work for a waiting call goroutine (see spawn)
	idleWorkers atomic.Int32

	// newOffline makes the offline Ory; nil in a build without it (see
	// Offline), where offline clients are refused.
	newOffline     func() OfflineOry
	offlineOnce    sync.Once
	offlineBackend OfflineOry
}

// New returns the OryLogin object: newClient, OryLoginError, offline and
// version, plus what each extension adds to it before it is frozen. glue
// is what web/orylogin.js provides (OryLoginError, fail, sync, async,
// emit, idle). An error means the JS environment lacks something orylogin needs.
func New(glue jsx.Value, version string, extensions ...Extension) (jsx.Value, error) {
	b, err := newBridge(glue)
	if err != nil {
		return jsx.Undefined(), err
	}
	api, err := b.api(version, extensions)
	if err == nil {
		b.reserveHeapWhenIdle()
	}
	return api, err
}

func newBridge(glue jsx.Value) (*Bridge, error) {
	b := &Bridge{glue: glue, methods: map[string]jsx.Value{}, clients: map[int]*client{}, idle: make(chan func())}
	var err error
	if b.errorClass, err = glue.Get("OryLoginError"); err != nil || b.errorClass.Type() != jsx.TypeFunction {
		return nil, errJS
	}
	for name, dst := range map[string]*jsx.Value{"JSON": &b.json, "Reflect": &jsReflect, "Array": &jsArray, "Object": &jsObject} {
		if *dst, err = jsx.Global().Get(name); err != nil || dst.IsUndefined() {
			return nil, errJS
		}
	}
	if err := b.exportClientMethods(); err != nil {
		return nil, err
	}
	b.registry = jsx.Undefined()
	if ctor, err := jsx.Global().Get("FinalizationRegistry"); err == nil && ctor.Type() == jsx.TypeFunction {
		forget, err := b.export("sync", "forget", b.forget)
		if err != nil {
			return nil, err
		}
		if b.registry, err = ctor.New(forget); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// api builds the OryLogin object.
func (b *Bridge) api(version string, extensions []Extension) (jsx.Value, error) {
	api, err := jsx.NewObject()
	if err != nil {
		return api, err
	}
	newClient, err := b.export("sync", "newClient", b.newClient)
	if err != nil {
		return api, err
	}
	stats, err := b.export("sync", "stats", b.stats)
	if err != nil {
		return api, err
	}
	for _, p := range []struct {
		name  string
		value any
	}{
		{"newClient", newClient},
		{"OryLoginError", b.errorClass},
		{"stats", stats},
		{"version", version},
	} {
		if err := api.Set(p.name, p.value); err != nil {
			return api, err
		}
	}
	if err := b.i18nAPI(api); err != nil {
		return api, err
	}
	for _, ext := range extensions {
		if err := ext(b, api); err != nil {
			return api, err
		}
	}
	return b.freeze(api)
}

// freeze calls Object.freeze(v) and returns v.
func (b *Bridge) freeze(v jsx.Value) (jsx.Value, error) {
	return jsObject.Call("freeze", v)
}

// defineGetter makes obj[name] an enumerable property read through getter
// (Object.defineProperty), so that each read is fresh.
func (b *Bridge) defineGetter(obj jsx.Value, name string, getter jsx.Value) error {
	desc, err := jsx.NewObject()
	if err != nil {
		return err
	}
	if err := desc.Set("get", getter); err != nil {
		return err
	}
	if err := desc.Set("enumerable", true); err != nil {
		return err
	}
	_, err = jsObject.Call("defineProperty", obj, name, desc)
	return err
}
