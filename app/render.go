package app

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	"readyroom/readiness"
	"readyroom/reports"
)

// ExportRequest names a document to render: a record's readiness pack,
// handover pack or Markdown page, or one ceremony's report; or a calendar
// (.ics) of one record or of the records a portfolio filter passes, or the
// filtered portfolio as CSV (portfolio.go).
type ExportRequest struct {
	Kind     string `json:"kind"` // pack, handover, markdown, ceremony, json (an archive; no record: all), calendar, portfolio
	Record   string `json:"record"`
	Ceremony string `json:"ceremony"`
	Paper    string `json:"paper"` // a4 (default) or letter
	// Format is the portfolio's format: csv (the default).
	Format string          `json:"format,omitempty"`
	Filter PortfolioFilter `json:"filter"`
	// At is what the document is as of and stamped with (the command
	// line's --date); zero for now. The same record and At give the same
	// bytes.
	At time.Time `json:"at,omitzero"`
}

// Render renders a document into w: the one exporter behind the window's
// save dialogs, the command line, and the control socket.
func (s *Records) Render(w io.Writer, req ExportRequest) error {
	paper := req.Paper
	if paper == "" {
		paper = "a4"
	}
	p, err := reports.ParsePaper(paper)
	if err != nil {
		return err
	}
	now := req.At
	if now.IsZero() {
		now = s.now()
	}
	opt := reports.PackOptions{Paper: p, Now: now, Author: s.Author(), Links: s.linkPatterns()}
	switch req.Kind {
	case "calendar":
		return s.renderCalendar(w, req, now)
	case "portfolio":
		return s.renderPortfolio(w, req)
	}
	if req.Kind == "json" { // an archive: the record's change log, or every record's
		var ids []string
		if req.Record != "" {
			ids = []string{req.Record}
		}
		b, err := s.ExportArchive(ids)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	if req.Kind == "ceremony" {
		cid, err := readiness.ParseEntityID(req.Ceremony)
		if err != nil {
			return err
		}
		v, err := s.ceremonyRecord(req.Record, cid)
		if err != nil {
			return err
		}
		return reports.CeremonyReport(w, &v.Record, cid, opt)
	}
	v, err := s.Get(req.Record)
	if err != nil {
		return err
	}
	switch req.Kind {
	case "pack":
		history, err := s.History(req.Record)
		if err != nil {
			return err
		}
		if opt.Track, err = s.trackOf(v.Record.Service); err != nil {
			return err
		}
		return reports.ReadinessPack(w, &v.Record, history, opt)
	case "handover":
		return reports.HandoverPack(w, &v.Record, opt)
	case "markdown":
		return reports.MarkdownLinked(w, &v.Record, now, opt.Links)
	}
	return fmt.Errorf("%w: no document of kind %q (pack, handover, markdown, ceremony, json, calendar, portfolio)", ErrInput, req.Kind)
}

// RenderBytes renders a document whole (the control socket sends it so).
func (s *Records) RenderBytes(req ExportRequest) ([]byte, error) {
	var b bytes.Buffer
	if err := s.Render(&b, req); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ceremonyRecord finds the record holding a ceremony: the one named, or
// else the one of the records that have ceremonies that holds it.
func (s *Records) ceremonyRecord(record string, cid readiness.EntityID) (RecordView, error) {
	has := func(v RecordView) bool {
		for _, c := range v.Record.Ceremonies {
			if c.ID == cid {
				return true
			}
		}
		return false
	}
	if record != "" {
		v, err := s.Get(record)
		if err != nil {
			return RecordView{}, err
		}
		if has(v) {
			return v, nil
		}
		return RecordView{}, fmt.Errorf("ceremony %s in record %s: %w", cid, record, readiness.ErrNotFound)
	}
	h, err := s.Rows()
	if err != nil {
		return RecordView{}, err
	}
	for _, row := range h.Records {
		if row.Ceremonies == 0 {
			continue
		}
		v, err := s.Get(string(row.ID))
		if err != nil {
			return RecordView{}, err
		}
		if has(v) {
			return v, nil
		}
	}
	return RecordView{}, fmt.Errorf("ceremony %s: %w", cid, readiness.ErrNotFound)
}

// trackOf is a service's track record for its records' readiness packs
// (Records.Service); nil for a record naming no service.
func (s *Records) trackOf(service string) (*reports.ServiceTrack, error) {
	p, err := s.Service(service)
	if errors.Is(err, readiness.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &reports.ServiceTrack{Service: p.Service, Figures: p.Figures}, nil
}
