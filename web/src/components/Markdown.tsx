// Renders markdown as React elements from the safe tree lib/markdown builds: text is always
// text, links open in a new tab without access to this page.
import { Fragment, useMemo, type ReactNode } from 'react';
import { parseMarkdown, type Block, type Inline } from '../lib/markdown.js';

function inlines(nodes: Inline[]): ReactNode[] {
  return nodes.map((node, i) => {
    switch (node.type) {
      case 'text': return <Fragment key={i}>{node.text}</Fragment>;
      case 'code': return <code key={i}>{node.text}</code>;
      case 'strong': return <strong key={i}>{inlines(node.children)}</strong>;
      case 'em': return <em key={i}>{inlines(node.children)}</em>;
      case 'link': return <a key={i} href={node.href} target="_blank" rel="noopener noreferrer nofollow">{inlines(node.children)}</a>;
      case 'break': return <br key={i} />;
    }
  });
}

function block(node: Block, i: number): ReactNode {
  switch (node.type) {
    case 'paragraph': return <p key={i}>{inlines(node.children)}</p>;
    case 'heading': {
      const Tag = (['h1', 'h2', 'h3', 'h4'] as const)[node.level - 1]!;
      return <Tag key={i}>{inlines(node.children)}</Tag>;
    }
    case 'code': return <pre key={i}><code data-lang={node.lang || undefined}>{node.text}</code></pre>;
    case 'list': {
      const items = node.items.map((item, j) => <li key={j}>{inlines(item)}</li>);
      return node.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
    }
    case 'quote': return <blockquote key={i}>{inlines(node.children)}</blockquote>;
    case 'rule': return <hr key={i} />;
  }
}

export function Markdown({ source }: { source: string }) {
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  return <div className="md">{blocks.map(block)}</div>;
}
