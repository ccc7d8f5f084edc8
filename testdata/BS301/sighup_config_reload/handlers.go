package main

import (
	"encoding/json"
	"net/http"
)

func handleQuota(w http.ResponseWriter, r *http.Request) {
	tenant := r.URL.Query().Get("tenant")
	if tenant == "" {
		http.Error(w, "missing tenant", http.StatusBadRequest)
		return
	}
	limit, ok := cfg.Quotas[tenant]
	if !ok {
		limit = cfg.DefaultLimit
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"tenant":         tenant,
		"limit":          limit,
		"window_seconds": cfg.WindowSeconds,
	})
}

func handleHealth(w http.ResponseWriter, r *http.Request) {
	if cfg == nil || len(cfg.Quotas) == 0 {
		http.Error(w, "no quotas loaded", http.StatusServiceUnavailable)
		return
	}
	w.Write([]byte("ok\n"))
}
