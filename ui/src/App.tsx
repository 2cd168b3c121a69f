import RecentRuns from "./components/RecentRuns";

export default function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>JobHunter</h1>
      </header>
      <main className="app-main">
        <RecentRuns />
      </main>
    </div>
  );
}
