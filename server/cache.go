package server

import "sync"

// cache is a bounded map of rendered answers. The registry behind a cache
// never changes (a new registry gets new caches), so entries never go
// stale; when the map is full it is emptied, which keeps memory bounded
// without the bookkeeping of an LRU for a working set that is small in
// practice.
type cache[K comparable] struct {
	mu  sync.RWMutex
	m   map[K]*body
	max int
}

func newCache[K comparable](max int) *cache[K] {
	return &cache[K]{m: make(map[K]*body), max: max}
}

func (c *cache[K]) get(k K) (*body, bool) {
	c.mu.RLock()
	b, ok := c.m[k]
	c.mu.RUnlock()
	return b, ok
}

func (c *cache[K]) put(k K, b *body) {
	c.mu.Lock()
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[k] = b
	c.mu.Unlock()
}
