package main

import (
	"log"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

type Job struct {
	ID      int
	Payload string
}

// Server runs jobs on a fixed pool of workers. SIGTERM or SIGINT switches it
// to draining: queued jobs are dropped and no new job is accepted.
type Server struct {
	sigs     chan os.Signal
	jobs     chan Job
	quit     chan struct{}
	draining bool
	wg       sync.WaitGroup
}

func NewServer(workers int) *Server {
	s := &Server{
		sigs: make(chan os.Signal, 1),
		jobs: make(chan Job, 64),
		quit: make(chan struct{}),
	}
	signal.Notify(s.sigs, syscall.SIGTERM, syscall.SIGINT)
	go s.watchSignals()
	for i := 0; i < workers; i++ {
		s.wg.Add(1)
		go s.worker(i)
	}
	return s
}

func (s *Server) watchSignals() {
	for {
		select {
		case <-s.sigs:
			log.Printf("jobd: draining, %d jobs queued", len(s.jobs))
			s.draining = true // want BS301
		case <-s.quit:
			signal.Stop(s.sigs)
			return
		}
	}
}

func (s *Server) Accepting() bool {
	return !s.draining
}

func (s *Server) worker(id int) {
	defer s.wg.Done()
	for job := range s.jobs {
		if s.draining {
			log.Printf("jobd: worker %d: dropping job %d", id, job.ID)
			continue
		}
		start := time.Now()
		process(job)
		log.Printf("jobd: worker %d: job %d done in %s", id, job.ID, time.Since(start))
	}
}

func (s *Server) Close() {
	close(s.jobs)
	s.wg.Wait()
	close(s.quit)
}
