package main

import (
	"encoding/json"
	"fmt"
	"os"
)

// Config is the quota table. A SIGHUP replaces the whole table.
type Config struct {
	DefaultLimit  int64            `json:"default_limit"`
	WindowSeconds int              `json:"window_seconds"`
	Quotas        map[string]int64 `json:"quotas"`
}

// cfg is the configuration in effect. Request handlers read it on every
// request, from the goroutines net/http starts for each connection.
var cfg *Config

func loadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c := &Config{DefaultLimit: 1000, WindowSeconds: 60}
	if err := json.Unmarshal(data, c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if c.WindowSeconds <= 0 {
		return nil, fmt.Errorf("%s: window_seconds must be positive", path)
	}
	return c, nil
}
