import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { TrpcProviders } from './lib/trpc';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Holdout', template: '%s · Holdout' },
  description: 'Experiment tracking on frozen train/dev/test splits, with sealed test labels.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <TrpcProviders>{children}</TrpcProviders>
      </body>
    </html>
  );
}
