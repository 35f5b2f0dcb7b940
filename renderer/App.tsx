import { SKELETONS } from '../core';
import { JointTable } from './components/JointTable';
import { SkeletonPicker } from './components/SkeletonPicker';
import { SkeletonViewer } from './components/SkeletonViewer';
import { useReferenceStore } from './state/useReferenceStore';

export function App() {
  const skeleton = SKELETONS[useReferenceStore((s) => s.skeletonId)];
  return (
    <div className="app">
      <header className="topbar">
        <h1>
          PoseScope <span className="version">v{__APP_VERSION__}</span>
        </h1>
        <span className="subtitle">Skeleton reference</span>
      </header>
      <SkeletonPicker />
      <SkeletonViewer skeleton={skeleton} />
      <JointTable skeleton={skeleton} />
    </div>
  );
}
