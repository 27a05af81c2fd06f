import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Assay',
  description: 'Evaluate, explain and safely ship machine-learning models',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header>
          <strong>Assay</strong>
          <a href="/models">Models</a>
          <a href="/experiments">Experiments</a>
          <a href="/datasets">Datasets</a>
          <a href="/jobs">Jobs</a>
          <a href="/ab-tests">A/B tests</a>
          <a href="/rl-runs">RL runs</a>
          <a href="/review">Review</a>
          <a href="/turing">Turing tests</a>
          <a href="/automl">AutoML</a>
          <a href="/playground">Playground</a>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
