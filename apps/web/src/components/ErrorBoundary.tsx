import { Component, type ReactNode } from 'react';

interface Props {
  /** Rendered instead of the children after they threw; `reset` renders them again. */
  fallback: (error: unknown, reset: () => void) => ReactNode;
  /** Called by `reset`, before the children render again (e.g. to clear a failed query). */
  onReset?: () => void;
  children: ReactNode;
}

interface State {
  failed: boolean;
  error: unknown;
}

/** React still needs a class for this; everything else stays in function components. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false, error: undefined };

  static getDerivedStateFromError(error: unknown): State {
    return { failed: true, error };
  }

  private readonly reset = (): void => {
    this.props.onReset?.();
    this.setState({ failed: false, error: undefined });
  };

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback(this.state.error, this.reset) : this.props.children;
  }
}
