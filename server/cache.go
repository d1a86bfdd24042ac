package server

import "sync"

// DefaultCacheBytes is the default of Options.CacheBytes.
const DefaultCacheBytes = 64 << 20

// entryOverhead is what an entry costs beside its bytes: the body struct,
// its header slices, the key and the map's slot.
const entryOverhead = 256

// cache is a map of rendered answers bounded in bytes. The registry
// behind a cache never changes (a new registry gets new caches), so
// entries never go stale. An answer larger than maxEntry is not kept at
// all (it is rendered for each request); when a new entry does not fit,
// entries are evicted at random (in map order) until it does, which keeps
// memory bounded without the bookkeeping of an LRU on the read path.
type cache[K comparable] struct {
	mu       sync.RWMutex
	m        map[K]*body
	bytes    int64 // sum of the entries' sizes
	max      int64 // budget
	maxEntry int64 // largest entry kept
}

// newCache returns a cache of at most max bytes; entries larger than an
// eighth of it are not kept.
func newCache[K comparable](max int64) *cache[K] {
	return &cache[K]{m: make(map[K]*body), max: max, maxEntry: max / 8}
}

// size is what b costs in a cache.
func (b *body) size() int64 {
	return int64(len(b.json)+len(b.gz)+len(b.etag[0])) + entryOverhead
}

func (c *cache[K]) get(k K) (*body, bool) {
	c.mu.RLock()
	b, ok := c.m[k]
	c.mu.RUnlock()
	return b, ok
}

// put keeps b under k if it is not too large, evicting others to make
// room.
func (c *cache[K]) put(k K, b *body) {
	n := b.size()
	if n > c.maxEntry {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[k]; ok {
		c.bytes -= old.size()
		delete(c.m, k)
	}
	for ek, eb := range c.m {
		if c.bytes+n <= c.max {
			break
		}
		c.bytes -= eb.size()
		delete(c.m, ek)
	}
	c.m[k] = b
	c.bytes += n
}

// stats returns the number of entries and their bytes.
func (c *cache[K]) stats() (entries int, bytes int64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m), c.bytes
}
