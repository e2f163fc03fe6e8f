/** Server-sent events: bytes to lines to events (the WHATWG rules the API needs). */

/** One server-sent event. */
export interface ServerSentEvent {
  event: string;
  data: string;
  id: string | null;
}

/**
 * Turns `text/event-stream` bytes into events. Feed it chunks as they arrive; a fresh decoder per
 * connection, so a partial event from a dropped connection never leaks into the next.
 *
 * @example
 * ```ts
 * new SSEDecoder().push(new TextEncoder().encode('event: end\ndata: {}\n\n')); // [{ event: 'end', data: '{}', id: null }]
 * ```
 */
export class SSEDecoder {
  private readonly text = new TextDecoder();
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id: string | null = null;

  /** Take a chunk of bytes; return the events it completes. */
  push(chunk: Uint8Array): ServerSentEvent[] {
    this.buffer += this.text.decode(chunk, { stream: true });
    const events: ServerSentEvent[] = [];
    let newline = this.buffer.search(/\r\n|\r|\n/);
    while (newline >= 0) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith('\r\n', newline) ? 2 : 1;
      // A lone \r at the end of a chunk may be the first half of \r\n: wait for the next chunk.
      if (this.buffer[newline] === '\r' && width === 1 && newline === this.buffer.length - 1) break;
      this.buffer = this.buffer.slice(newline + width);
      const event = this.line(line);
      if (event !== null) events.push(event);
      newline = this.buffer.search(/\r\n|\r|\n/);
    }
    return events;
  }

  private line(line: string): ServerSentEvent | null {
    if (!line) {
      if (!this.data.length && !this.event) return null;
      const event = { event: this.event || 'message', data: this.data.join('\n'), id: this.id };
      this.event = '';
      this.data = [];
      this.id = null;
      return event;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'event') this.event = value;
    else if (name === 'data') this.data.push(value);
    else if (name === 'id') this.id = value;
    return null;
  }
}
